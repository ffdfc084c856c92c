package dev.tokenguard.agent.okhttp.v3_0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.TestAgent;
import dev.tokenguard.agent.library.GuardScripts;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot fat jar case: OkHttp is loaded by a class loader below the agent's, which the
 * agent's classes cannot see. Everything is driven by reflection, as the test itself sees only its
 * own copy of OkHttp.
 */
class OkHttp3InIsolatedLoaderTest {

    /** Child-first for the client and its dependencies, parent-first (and so the agent) for the rest. */
    private static final class ApplicationLoader extends URLClassLoader {
        ApplicationLoader(URL... jars) {
            super("application", jars, ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!(name.startsWith("okhttp3.") || name.startsWith("okio.") || name.startsWith("kotlin."))) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void theInterceptorWorksInALoaderTheAgentCannotSee() throws Exception {
        try (MockWebServer carrier = new MockWebServer();
             ApplicationLoader application = new ApplicationLoader(
                     jarOf(OkHttpClient.class), jarOf(okio.Buffer.class), jarOf(kotlin.Unit.class))) {
            carrier.enqueue(new MockResponse().setBody("ok"));
            carrier.start();
            ScriptedGuard guard = TestAgent.guard().carrier(carrier.getHostName(), carrier.getPort())
                    .decide(request -> ScriptedGuard.proceedWith("e1", "Authorization", "Bearer isolated"));

            Class<?> clientType = application.loadClass("okhttp3.OkHttpClient");
            assertNotSame(OkHttpClient.class, clientType);
            Object client = clientType.getConstructor().newInstance();
            Class<?> requestBuilderType = application.loadClass("okhttp3.Request$Builder");
            Object requestBuilder = requestBuilderType.getConstructor().newInstance();
            requestBuilderType.getMethod("url", String.class).invoke(requestBuilder, carrier.url("/track").toString());
            Object request = requestBuilderType.getMethod("build").invoke(requestBuilder);
            Object call = clientType.getMethod("newCall", application.loadClass("okhttp3.Request")).invoke(client, request);
            Object response = call.getClass().getMethod("execute").invoke(call);
            int code = (int) response.getClass().getMethod("code").invoke(response);
            ((AutoCloseable) response).close();

            assertEquals(200, code);
            assertEquals("Bearer isolated", carrier.takeRequest().getHeader("Authorization"));
            assertEquals(List.of("e1 200"), GuardScripts.reports(guard));
        } finally {
            }
    }
}
