package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private static final Duration LIFETIME = Duration.ofMillis(1500);

  private final FakeTime time = new FakeTime();
  private final TokenStore store = new TokenStore(time);

  @Test
  void aTokenIsValidOneMillisecondBeforeItsLifetimeEnds() {
    IssuedToken token = store.issue("client", LIFETIME, false);
    time.advance(LIFETIME.minusMillis(1));

    assertEquals(TokenCheck.VALID, store.lookup(token.value()).check());
  }

  @Test
  void aTokenExpiresTheMomentItsLifetimeEnds() {
    IssuedToken token = store.issue("client", LIFETIME, false);
    time.advance(LIFETIME);

    assertEquals(TokenCheck.EXPIRED, store.lookup(token.value()).check());
  }

  @Test
  void withRevokeOnANewTokenRevokesTheClientsPreviousOne() {
    IssuedToken first = store.issue("client", LIFETIME, true);
    IssuedToken second = store.issue("client", LIFETIME, true);

    assertEquals(TokenCheck.REVOKED, store.lookup(first.value()).check());
    assertEquals(TokenCheck.VALID, store.lookup(second.value()).check());
  }

  @Test
  void withRevokeOffEveryTokenLivesItsFullLifetime() {
    IssuedToken first = store.issue("client", LIFETIME, false);
    store.issue("client", LIFETIME, false);

    assertEquals(TokenCheck.VALID, store.lookup(first.value()).check());
  }

  @Test
  void revocationOnlyTouchesTheSameClientId() {
    IssuedToken other = store.issue("other-client", LIFETIME, true);
    store.issue("client", LIFETIME, true);

    assertEquals(TokenCheck.VALID, store.lookup(other.value()).check());
  }

  @Test
  void aTokenNeverIssuedIsUnknown() {
    assertEquals(TokenCheck.UNKNOWN, store.lookup("made-up").check());
  }

  @Test
  void tokensAreDistinct() {
    assertNotEquals(store.issue("client", LIFETIME, false).value(), store.issue("client", LIFETIME, false).value());
  }

  @Test
  void aStormOfTokensIsSweptWithoutLosingValidOnes() {
    IssuedToken longLived = store.issue("keeper", Duration.ofHours(1), false);
    for (int i = 0; i < 5000; i++) {
      store.issue("stormy", Duration.ofMillis(1), true);
      time.advanceMillis(1);
    }

    assertEquals(TokenCheck.VALID, store.lookup(longLived.value()).check());
  }

  @Test
  void expiresInIsTheWholeSecondsBelowTheLifetime() {
    assertEquals(3599, expiresIn(Duration.ofMinutes(60)), "FedEx's 60-minute token");
    assertEquals(14399, expiresIn(Duration.ofHours(4)), "UPS's 4-hour token");
    assertEquals(1, expiresIn(Duration.ofMillis(1500)));
    assertEquals(0, expiresIn(Duration.ofMillis(1000)));
    assertEquals(0, expiresIn(Duration.ofMillis(300)));
  }

  private long expiresIn(Duration lifetime) {
    return store.issue("client", lifetime, false).expiresInSeconds();
  }
}
