package dev.tokenguard.demo.client;

/** A user's call ends here, for this reason; thrown where the seed's code would show an error. */
final class CallFailedException extends Exception {

    private final Failure failure;

    CallFailedException(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    Failure failure() {
        return failure;
    }
}
