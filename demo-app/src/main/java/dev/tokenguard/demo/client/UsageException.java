package dev.tokenguard.demo.client;

/** A bad command line; its message is one line that names the flag. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
