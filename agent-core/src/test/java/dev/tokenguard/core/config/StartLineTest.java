package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The INFO line at start: version, carriers with their hosts and token URL, store; never a secret. */
class StartLineTest {

    @Test
    void namesTheVersionEachCarriersHostsAndTokenUrlAndTheStore() throws ConfigException {
        TokenguardConfig config = parse("carrier.fedex.preset=fedex", "carrier.ups.preset=ups",
                "carrier.ups.api-hosts=onlinetools.ups.com, wwwcie.ups.com:8443");

        assertEquals("tokenguard 0.9.0: guarding fedex (apis.fedex.com:443, token apis.fedex.com:443/oauth/token),"
                + " ups (onlinetools.ups.com:443, wwwcie.ups.com:8443, token onlinetools.ups.com:443/security/v1/oauth/token);"
                + " store local", StartLine.of(config, "0.9.0"));
    }

    @Test
    void aPlainHttpTokenUrlShowsItsScheme() throws ConfigException {
        TokenguardConfig config = parse("carrier.sim.preset=fedex", "carrier.sim.api-hosts=127.0.0.1:8080",
                "carrier.sim.token-url=http://127.0.0.1:8080/oauth/token");

        assertEquals("tokenguard dev: guarding sim (127.0.0.1:8080, token http://127.0.0.1:8080/oauth/token); store local",
                StartLine.of(config, "dev"));
    }

    @Test
    void showsNoSecretNorTheTokenUrlsQueryNorTheStoresPassword() throws ConfigException {
        TokenguardConfig config = parse("carrier.fedex.preset=fedex", "carrier.fedex.client-id=the-id",
                "carrier.fedex.client-secret=hunter2", "carrier.fedex.token-url=https://apis.fedex.com/oauth/token?key=k3y",
                "tokenguard.store=redis://app:s3cret@redis.internal:6379/0");

        String line = StartLine.of(config, "0.9.0");

        for (String secret : new String[] {"the-id", "hunter2", "k3y", "s3cret"}) {
            assertFalse(line.contains(secret), line);
        }
        assertEquals("tokenguard 0.9.0: guarding fedex (apis.fedex.com:443, token apis.fedex.com:443/oauth/token);"
                + " store redis://app:***@redis.internal:6379/0", line);
    }
}
