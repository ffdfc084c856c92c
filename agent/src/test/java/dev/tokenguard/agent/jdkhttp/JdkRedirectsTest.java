package dev.tokenguard.agent.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.ResponseInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JDK's rules for following a redirect, as tokenguard applies them to the hops it follows. */
class JdkRedirectsTest {

    private static final HttpRequest POST = HttpRequest.newBuilder(URI.create("https://api.carrier.test/ship"))
            .header("Authorization", "Bearer app")
            .header("Cookie", "s=1")
            .header("X-Trace", "t1")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    @Test
    void seeOtherIsFollowedWithAGetWithoutBody() {
        HttpRequest next = JdkRedirects.next(Redirect.NORMAL, POST, response(303, "/result"), 0);

        assertEquals("GET", next.method());
        assertEquals(URI.create("https://api.carrier.test/result"), next.uri());
        assertTrue(next.bodyPublisher().isEmpty());
    }

    @Test
    void foundAfterAPostIsFollowedWithAGet() {
        assertEquals("GET", JdkRedirects.next(Redirect.NORMAL, POST, response(302, "/x"), 0).method());
    }

    @Test
    void temporaryAndPermanentRedirectsKeepTheMethodAndBody() {
        for (int status : new int[] {307, 308}) {
            HttpRequest next = JdkRedirects.next(Redirect.NORMAL, POST, response(status, "/x"), 0);

            assertEquals("POST", next.method());
            assertEquals(Optional.of(2L), next.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength));
        }
    }

    @Test
    void sameOriginKeepsEveryFieldOfTheApplication() {
        HttpRequest next = JdkRedirects.next(Redirect.NORMAL, POST, response(307, "https://API.carrier.test:443/x"), 0);

        assertEquals(POST.headers(), next.headers());
    }

    @Test
    void anotherOriginGetsTheApplicationsFieldsLessItsCredentials() {
        HttpRequest next = JdkRedirects.next(Redirect.NORMAL, POST, response(307, "https://cdn.test/x"), 0);

        assertEquals(Map.of("X-Trace", List.of("t1")), next.headers().map());
    }

    @Test
    void normalRefusesADowngradeToHttpWhichAlwaysFollows() {
        assertNull(JdkRedirects.next(Redirect.NORMAL, POST, response(302, "http://cdn.test/x"), 0));
        assertEquals(URI.create("http://cdn.test/x"),
                JdkRedirects.next(Redirect.ALWAYS, POST, response(302, "http://cdn.test/x"), 0).uri());
    }

    @Test
    void otherStatusesAndTheNeverPolicyAreNotFollowed() {
        for (int status : new int[] {200, 300, 304, 305, 306, 401}) {
            assertNull(JdkRedirects.next(Redirect.ALWAYS, POST, response(status, "/x"), 0));
        }
        assertNull(JdkRedirects.next(Redirect.NEVER, POST, response(302, "/x"), 0));
    }

    @Test
    void redirectIsFollowedWhileTheCountIncludingItStaysUnderTheLimit() {
        assertEquals(URI.create("https://api.carrier.test/x"),
                JdkRedirects.next(Redirect.NORMAL, POST, response(302, "/x"), JdkRedirects.LIMIT - 2).uri());
        assertNull(JdkRedirects.next(Redirect.NORMAL, POST, response(302, "/x"), JdkRedirects.LIMIT - 1));
    }

    @Test
    void redirectWithoutLocationFailsAsTheJdksDoes() {
        UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                () -> JdkRedirects.next(Redirect.NORMAL, POST, response(302, null), 0));

        assertEquals("Invalid redirection", failure.getCause().getMessage());
    }

    private static ResponseInfo response(int status, String location) {
        Map<String, List<String>> fields = location == null ? Map.of() : Map.of("Location", List.of(location));
        HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
        return new ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
