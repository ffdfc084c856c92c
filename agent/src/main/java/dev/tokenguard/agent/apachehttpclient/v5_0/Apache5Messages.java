package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.agent.library.CarrierGuard;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.SyntheticResponse;
import java.net.URI;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.MessageHeaders;

/** Translation between HttpClient 5's messages, shared by classic and async, and agent-core's model. */
final class Apache5Messages {
    static final String LIBRARY = "apache-httpclient5";

    private Apache5Messages() {}

    /** The guard if this hop's target is a carrier's, else null. */
    static RequestGuard guardFor(HttpRoute route) {
        HttpHost target = route.getTargetHost();
        return CarrierGuard.forHost(LIBRARY, target.getSchemeName(), target.getHostName(), target.getPort());
    }

    /** The absolute URI of a hop: its request line may hold only the path, the route holds the rest. */
    static URI uri(HttpRoute route, HttpRequest request) {
        return URI.create(route.getTargetHost().toURI()).resolve(request.getRequestUri());
    }

    /**
     * The request's header fields, plus the body's {@code Content-Type}, which the client's protocol
     * element adds only further down the chain.
     */
    static HttpHeaders requestHeaders(HttpRequest request, String contentType) {
        HttpHeaders.Builder headers = toModel(request);
        if (contentType != null && !request.containsHeader("Content-Type")) {
            headers.add("Content-Type", contentType);
        }
        return headers.build();
    }

    static HttpHeaders responseHeaders(MessageHeaders response) {
        return toModel(response).build();
    }

    /** Sets each field of {@code setHeaders} on {@code message}, replacing any of the same name. */
    static void setHeaders(HttpMessage message, HttpHeaders setHeaders) {
        for (String name : setHeaders.names()) {
            message.removeHeaders(name);
            for (String value : setHeaders.all(name)) {
                message.addHeader(name, value);
            }
        }
    }

    static void addHeaders(HttpMessage message, SyntheticResponse response) {
        AnswerHeaders.of(response).toMap().forEach((name, values) -> values.forEach(value -> message.addHeader(name, value)));
    }

    static ContentType contentType(SyntheticResponse response) {
        String value = response.headers().first("Content-Type");
        return value != null ? ContentType.parse(value) : null;
    }

    private static HttpHeaders.Builder toModel(MessageHeaders message) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (Header header : message.getHeaders()) {
            headers.add(header.getName(), header.getValue());
        }
        return headers;
    }
}
