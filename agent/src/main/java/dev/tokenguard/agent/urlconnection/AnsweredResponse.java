package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic answer as the JDK's {@code HttpURLConnection} would present the same response: the
 * status line is header field 0 with a null key, {@code getHeaderField(name)} gives the last value
 * of a repeated field, and an error status makes {@code getInputStream} throw while
 * {@code getErrorStream} gives the body.
 */
final class AnsweredResponse implements UnconnectedResponse {

    private final SyntheticResponse response;
    private final URL url;
    private final boolean doInput;
    private final String statusLine;
    /** Name and value of each field, in order, the status line first (its name is null). */
    private final List<String[]> fields = new ArrayList<>();
    private final InputStream body;

    AnsweredResponse(SyntheticResponse response, URL url, boolean doInput) {
        this.response = response;
        this.url = url;
        this.doInput = doInput;
        this.statusLine = "HTTP/1.1 " + response.status() + (response.reason() == null ? "" : " " + response.reason());
        fields.add(new String[] {null, statusLine});
        HttpHeaders headers = AnswerHeaders.of(response);
        for (String name : headers.names()) {
            for (String value : headers.all(name)) {
                fields.add(new String[] {name, value});
            }
        }
        // One stream, whichever getter asks, as the JDK returns the same stream each time.
        this.body = new ByteArrayInputStream(response.body());
    }

    @Override
    public int code() {
        return response.status();
    }

    @Override
    public String message() {
        return response.reason();
    }

    @Override
    public InputStream inputStream() throws IOException {
        if (!doInput) {
            throw new ProtocolException("Cannot read from URLConnection if doInput=false (call setDoInput(true))");
        }
        int status = response.status();
        if (status >= 400) {
            // The JDK's exceptions for an error status, message included.
            if (status == 404 || status == 410) {
                throw new FileNotFoundException(url.toString());
            }
            throw new IOException("Server returned HTTP response code: " + status + " for URL: " + url);
        }
        return body;
    }

    @Override
    public InputStream errorStream() {
        return response.status() >= 400 ? body : null;
    }

    @Override
    public String headerField(String name) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            String key = fields.get(i)[0];
            if (name == null ? key == null : name.equalsIgnoreCase(key)) {
                return fields.get(i)[1];
            }
        }
        return null;
    }

    @Override
    public String headerField(int n) {
        return n >= 0 && n < fields.size() ? fields.get(n)[1] : null;
    }

    @Override
    public String headerFieldKey(int n) {
        return n >= 0 && n < fields.size() ? fields.get(n)[0] : null;
    }

    @Override
    public Map<String, List<String>> headerFields() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String[] field : fields) {
            map.computeIfAbsent(field[0], k -> new ArrayList<>()).add(field[1]);
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public URL url() {
        return url;
    }
}
