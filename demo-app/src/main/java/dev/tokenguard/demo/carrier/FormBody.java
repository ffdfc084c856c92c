package dev.tokenguard.demo.carrier;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Parses an {@code application/x-www-form-urlencoded} body; the first value of a repeated name wins. */
final class FormBody {
  private FormBody() {}

  /** Empty when the body is not valid form encoding (a stray {@code %}, say). */
  static Optional<Map<String, String>> parse(byte[] body) {
    Map<String, String> fields = new HashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      for (String pair : text.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        String[] nameValue = pair.split("=", 2);
        String value = nameValue.length == 2 ? decode(nameValue[1]) : "";
        fields.putIfAbsent(decode(nameValue[0]), value);
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(fields);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
