package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.error;
import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No message and no printed configuration holds a secret. */
class SecretsTest {

    private static final String SECRET = "s3cr3t-XYZ";
    private static final String FEDEX = "carrier.fedex.preset=fedex";

    static Stream<List<String>> wrongConfigurationsHoldingTheSecret() {
        return Stream.of(
                List.of(FEDEX, "carrier.fedex.client-secret=" + SECRET),
                List.of(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=" + SECRET + " # prod"),
                List.of(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=" + SECRET + "\\"),
                List.of(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=${" + SECRET),
                List.of(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=${" + SECRET + "}"),
                List.of(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=" + SECRET,
                        "carrier.fedex.client-secret=" + SECRET),
                List.of(FEDEX, "carrier.fedex.client-secrte=" + SECRET),
                List.of(FEDEX, "carrier.fedex.client_secret=" + SECRET),
                List.of(FEDEX, "carrier.fedex.token-param.child_secret=" + SECRET,
                        "carrier.fedex.token-param.child_secret=" + SECRET),
                List.of(FEDEX, "carrier.fedex.token-param.client_secret=" + SECRET),
                List.of(FEDEX, "carrier.fedex.token-url=https://user:" + SECRET + "@apis.fedex.com/oauth/token"),
                List.of(FEDEX, "carrier.fedex.token-url=https://user:" + SECRET + "@apis fedex/"),
                List.of(FEDEX, "tokenguard.store=redis://:" + SECRET + "@cache"),
                List.of(FEDEX, "tokenguard.store=rediss://user:" + SECRET + "@cache:6379/zero"),
                List.of(FEDEX, "tokenguard.store=redis://" + SECRET + "@cache:6379?x=1"),
                List.of(FEDEX, "tokenguard.store=redis://user:" + SECRET + "@ca che:6379"),
                List.of(FEDEX, "tokenguard.store=" + SECRET),
                List.of(FEDEX, SECRET));
    }

    @ParameterizedTest
    @MethodSource("wrongConfigurationsHoldingTheSecret")
    void errorMessagesDoNotHoldTheSecret(List<String> lines) {
        String message = error(lines.toArray(String[]::new)).getMessage();
        assertFalse(message.contains(SECRET), message);
    }

    @ParameterizedTest
    @MethodSource("wrongConfigurationsHoldingTheSecret")
    void errorMessagesDoNotHoldTheSecretWhenItComesFromTheEnvironment(List<String> lines) {
        String[] fromEnvironment = lines.stream().map(l -> l.replace(SECRET, "${FEDEX_CLIENT_SECRET}")).toArray(String[]::new);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(fromEnvironment));
        assertFalse(e.getMessage().contains("fedex-s3cret"), e::getMessage);
    }

    @Test
    void printedConfigurationDoesNotHoldTheStorePassword() throws ConfigException {
        TokenguardConfig config = parse(FEDEX, "tokenguard.store=rediss://app:" + SECRET + "@cache:6380/2");
        assertFalse(config.toString().contains(SECRET), config::toString);
        assertEquals("rediss://app:***@cache:6380/2", config.store().toString());
    }

    @Test
    void printedConfigurationDoesNotHoldTheSecret() throws ConfigException {
        TokenguardConfig config = parse(FEDEX, "carrier.fedex.client-id=id", "carrier.fedex.client-secret=" + SECRET,
                "carrier.fedex.token-param.child_secret=" + SECRET);
        assertFalse(config.toString().contains(SECRET), config::toString);
    }
}
