package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.Origin;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * The JDK's rules for following a redirect ({@code HttpURLConnection.followRedirect}), for the
 * requests whose redirects {@link RedirectFollower} follows itself.
 */
final class Redirects {

    /** The JDK reads the same property, with the same default. */
    static final int MAX = Integer.getInteger("http.maxRedirects", 20);

    private Redirects() {}

    /** The request that follows the response, or null where the JDK would hand the response over. */
    static HopRequest next(HopRequest request, HttpURLConnection response) throws IOException {
        int status = response.getResponseCode();
        // 304 is no redirect, 305 (use a proxy) and 306 (unused) are not followed; nor is 308 by the JDK.
        if (status < 300 || status > 307 || status == 304 || status == 305 || status == 306) {
            return null;
        }
        String location = response.getHeaderField("Location");
        if (location == null) {
            return null;
        }
        URL target;
        try {
            target = new URL(request.url(), location);
        } catch (MalformedURLException e) {
            return null;
        }
        if (!target.getProtocol().equalsIgnoreCase(request.url().getProtocol())) {
            return null;
        }
        if (request.method().equals("POST") && status != 307 && !Boolean.getBoolean("http.strictPostRedirect")) {
            // The JDK turns a redirected POST into a GET without a body and drops every header
            // field the application set.
            return new HopRequest("GET", target, HttpHeaders.EMPTY, null);
        }
        HttpHeaders headers = Origin.of(request.url()).equals(Origin.of(target))
                ? request.headers()
                // Like the JDK, security-sensitive fields stay with the destination they were set for.
                : request.headers().toBuilder().remove("Authorization").remove("Cookie").remove("Cookie2").build();
        return new HopRequest(request.method(), target, headers, request.body());
    }
}
