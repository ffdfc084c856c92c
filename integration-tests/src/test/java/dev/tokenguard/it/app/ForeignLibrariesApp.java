package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.LoggerFactory;

/**
 * An application with its own (other) versions of the libraries the agent bundles: Byte Buddy,
 * Jackson, Caffeine and SLF4J. It uses each, makes the same token call twice to the carrier given as its
 * argument, and prints what it saw, one {@code key=value} a line.
 */
public final class ForeignLibrariesApp {
    public static void main(String[] args) throws Exception {
        Class<?> made = new ByteBuddy().subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(ForeignLibrariesApp.class.getClassLoader()).getLoaded();
        System.out.println("bytebuddy=" + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation()
                + " " + made.getDeclaredConstructor().newInstance());

        ObjectMapper mapper = new ObjectMapper();
        System.out.println("jackson=" + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " " + mapper.writeValueAsString(Map.of("k", 1)));

        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(10).build();
        cache.put("k", "v");
        System.out.println("caffeine=" + cache.getIfPresent("k"));

        LoggerFactory.getLogger("app").info("logged through the app's own SLF4J");
        System.out.println("slf4j=" + LoggerFactory.getILoggerFactory().getClass().getName());

        for (int call = 1; call <= 2; call++) {
            HttpURLConnection token = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
            token.setRequestMethod("POST");
            token.setDoOutput(true);
            token.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            token.getOutputStream().write(args[1].getBytes(StandardCharsets.UTF_8));
            System.out.println("token-status-" + call + "=" + token.getResponseCode());
        }
    }
}
