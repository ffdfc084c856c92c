package dev.tokenguard.demo.client.http;

import java.io.IOException;

/**
 * One HTTP client library used the way an application ordinarily uses it. One instance is shared
 * by all users of a run, as an application shares its client.
 */
public interface HttpTransport extends AutoCloseable {

    /** Sends the request and reads the whole response; any status is a reply, not an exception. */
    HttpReply send(ClientRequest request) throws IOException;

    @Override
    void close() throws IOException;
}
