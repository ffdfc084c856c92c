package dev.tokenguard.agent.urlconnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * The response side of a guarded connection, once its request was decided: a real connection's,
 * a synthetic answer's, or a failure's. Each method behaves as the JDK's method of the same name.
 */
sealed interface ConnectionResponse permits LiveResponse, UnconnectedResponse {

    int code() throws IOException;

    String message() throws IOException;

    InputStream inputStream() throws IOException;

    InputStream errorStream();

    String headerField(String name);

    String headerField(int n);

    String headerFieldKey(int n);

    Map<String, List<String>> headerFields();

    /** The URL that answered: after redirects, the last one. */
    URL url();

    boolean usingProxy();

    void disconnect();

    /**
     * The connection's TLS side.
     *
     * @throws IllegalStateException where no TLS connection was made, as the JDK does before one is
     */
    HttpsURLConnection secure();
}
