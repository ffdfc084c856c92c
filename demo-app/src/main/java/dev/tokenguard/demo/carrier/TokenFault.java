package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.Objects;

/** A failure the token endpoint can be told to answer with, for fault tests. */
public record TokenFault(Kind kind, Duration hang) {
  public enum Kind {
    /** 500 with a carrier-shaped error body. */
    SERVER_ERROR,
    /** Holds the call for {@link #hang()}, then answers 504: longer than a client's timeout, it looks like a timeout. */
    HANG,
    /** 200 whose JSON body is cut off mid-object. */
    MALFORMED_JSON
  }

  public TokenFault {
    Objects.requireNonNull(kind, "kind");
    Validation.notNegative("hang", hang);
  }

  public static TokenFault serverError() {
    return new TokenFault(Kind.SERVER_ERROR, Duration.ZERO);
  }

  public static TokenFault hang(Duration hang) {
    return new TokenFault(Kind.HANG, hang);
  }

  public static TokenFault malformedJson() {
    return new TokenFault(Kind.MALFORMED_JSON, Duration.ZERO);
  }
}
