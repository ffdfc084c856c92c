package dev.tokenguard.core.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseTest {

    private static TokenResponse parse(String json) {
        return TokenResponse.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static TokenResponse withExpiresIn(String expiresIn) {
        return parse("{\"access_token\":\"t\",\"expires_in\":" + expiresIn + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3599 | 3599", "\"3599\" | 3599", "\" 3599 \" | 3599", "3599.9 | 3599", "3.6e3 | 3600", "1 | 1",
            "99999999999 | 31536000", "123456789012345678901234567890 | 31536000", "1e300 | 31536000"})
    void readsTheLifetimeAsANumberOrAStringOfDigitsClampedToAYear(String written, long seconds) {
        assertEquals(seconds, withExpiresIn(written).expiresInSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "0.5", "1e-999999999", "1e99999999999", "\"\"", "\"soon\"", "\"1.5\"", "null",
            "true", "[3599]", "{}"})
    void refusesAnswersWithoutAPositiveLifetime(String expiresIn) {
        assertNull(withExpiresIn(expiresIn));
    }

    @Test
    void readsAHugeExponentQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertNull(withExpiresIn("1e-999999999")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"expires_in\":3599}", "{\"access_token\":\"\",\"expires_in\":3599}",
            "{\"access_token\":7,\"expires_in\":3599}", "{\"access_token\":\"t\",\"expires_in\":3599} trailing",
            "{\"access_token\":\"t\",\"expires_in\":3599", "<html>502</html>", ""})
    void refusesWhatIsNoTokenAnswer(String body) {
        assertNull(parse(body));
    }

    @Test
    void rendersTheCarriersAnswerWithTheLifetimeLeftKeepingItsType() {
        TokenResponse fedex = parse("{\"access_token\":\"a\\u00e9\",\"token_type\":\"bearer\",\"expires_in\":3599,"
                + "\"scope\":\"CXS\",\"extra\":{\"n\":[1]}}");
        TokenResponse ups = parse("{\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"access_token\":\"b\","
                + "\"expires_in\":\"14399\",\"status\":\"approved\"}");

        assertEquals("{\"access_token\":\"a\\u00e9\",\"token_type\":\"bearer\",\"expires_in\":120,\"scope\":\"CXS\","
                + "\"extra\":{\"n\":[1]}}", new String(fedex.render(120), StandardCharsets.UTF_8));
        assertEquals("{\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"access_token\":\"b\","
                + "\"expires_in\":\"7\",\"status\":\"approved\"}", new String(ups.render(7), StandardCharsets.UTF_8));
        assertEquals("aé", fedex.accessToken());
    }
}
