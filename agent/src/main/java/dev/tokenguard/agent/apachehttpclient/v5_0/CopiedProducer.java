package dev.tokenguard.agent.apachehttpclient.v5_0;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;

/**
 * The in-memory copy of a one-shot producer's whole body, sent in its place: repeatable, so a 401
 * can be replayed, and with the original's content type, encoding and framing.
 */
final class CopiedProducer extends BasicAsyncEntityProducer {
    private final String contentEncoding;

    CopiedProducer(byte[] body, AsyncEntityProducer original) {
        super(body, original.getContentType() != null ? ContentType.parse(original.getContentType()) : null,
                original.isChunked());
        this.contentEncoding = original.getContentEncoding();
    }

    @Override
    public String getContentEncoding() {
        return contentEncoding;
    }
}
