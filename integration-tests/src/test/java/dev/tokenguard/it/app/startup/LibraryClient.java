package dev.tokenguard.it.app.startup;

/**
 * One client library's two requests, as a start-up bench application makes them with it: the only
 * part of those applications that differs from one library to the next.
 */
interface LibraryClient extends AutoCloseable {

    /** A GET; the response's status. */
    int get(String url) throws Exception;

    /** A POST of {@code body}, with {@code Authorization: authorization} unless it is null. */
    Reply post(String url, String contentType, String body, String authorization) throws Exception;

    /** Closes what would keep the JVM alive or slow its exit; nothing for most libraries. */
    @Override
    default void close() throws Exception {}

    record Reply(int status, String body) {}
}
