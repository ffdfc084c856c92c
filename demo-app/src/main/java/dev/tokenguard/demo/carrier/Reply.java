package dev.tokenguard.demo.carrier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer before it is written: status, headers and body. */
record Reply(int status, Map<String, String> headers, byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  static Reply json(int status, Object body) {
    try {
      return new Reply(status, Map.of("Content-Type", JSON_TYPE), JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body labelled JSON that is not, for clients' parse-failure paths. */
  static Reply malformedJson() {
    byte[] truncated = "{\"access_token\":\"".getBytes(StandardCharsets.UTF_8);
    return new Reply(200, Map.of("Content-Type", JSON_TYPE), truncated);
  }

  static Reply empty(int status) {
    return new Reply(status, Map.of(), new byte[0]);
  }

  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, more, body);
  }

  /** RFC 6749 section 5.1: token responses must not be cached. */
  Reply notCacheable() {
    return withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
  }
}
