package dev.tokenguard.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the transformer does with the bytes of a class, without loading it: the real libraries'
 * classes, read from their jars.
 */
class HookTransformerTest {
    private static final String APACHE4_BUILDER = "org/apache/http/impl/client/HttpClientBuilder";
    private static final String OKHTTP_BUILDER = "okhttp3/OkHttpClient$Builder";

    private final HookTransformer transformer =
            new HookTransformer(null, TokenguardAgent.instrumentations(), new TransformationErrors());

    @Test
    void aClassThatTwoLibrariesNameTestsMatchGetsTheHooksOfTheOneThatHasAny() throws IOException {
        // "...ClientBuilder" is HttpClient 5's name test too; it finds nothing to hook in 4.5's builder.
        byte[] hooked = transform(getClass().getClassLoader(), APACHE4_BUILDER);

        assertNotNull(hooked);
        assertTrue(text(hooked).contains("dev/tokenguard/agent/apachehttpclient/v4_5/ApacheHttpClient4Hooks"));
        assertFalse(text(hooked).contains("ApacheHttpClient5Hooks"));
    }

    @Test
    void aClassNamedLikeATargetButWithNothingToHookIsLeftAlone() throws IOException {
        // HttpClient 5's name test matches any "...ClientBuilder"; this one has no customizeExecChain.
        assertNull(transform(getClass().getClassLoader(), "com/example/ShippingClientBuilder", classFile("java/lang/Object")));
    }

    @Test
    void aClassWhoseLoaderCannotSeeTheHooksIsLeftAloneRatherThanBroken() throws IOException {
        ClassLoader blind = new ClassLoader(null) { };

        assertNull(transform(blind, OKHTTP_BUILDER));
        assertNotNull(transform(getClass().getClassLoader(), OKHTTP_BUILDER), "the same class is hooked where visible");
    }

    @Test
    void aClassThatCannotBeParsedLoadsAsItWas() {
        assertNull(transform(getClass().getClassLoader(), OKHTTP_BUILDER, "not a class file".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void classesNoLibraryTargetsAreNotEvenParsed() {
        byte[] garbage = {1, 2, 3};
        assertNull(transform(getClass().getClassLoader(), "com/example/Shipping", garbage));
        assertNull(transform(getClass().getClassLoader(), null, garbage));
    }

    @Test
    void hookingLeavesTheOriginalBytesUntouched() throws IOException {
        byte[] original = classFile(OKHTTP_BUILDER);
        byte[] copy = original.clone();

        transform(getClass().getClassLoader(), OKHTTP_BUILDER, original);

        assertArrayEquals(copy, original);
    }

    private byte[] transform(ClassLoader loader, String className) throws IOException {
        return transform(loader, className, classFile(className));
    }

    private byte[] transform(ClassLoader loader, String className, byte[] classFile) {
        return transformer.transform(null, loader, className, null, null, classFile);
    }

    private static byte[] classFile(String className) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(className + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The constant pool's strings are readable in a class file read as Latin-1. */
    private static String text(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1);
    }
}
