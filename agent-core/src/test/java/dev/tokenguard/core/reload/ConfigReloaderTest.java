package dev.tokenguard.core.reload;

import static dev.tokenguard.core.reload.ReloadFiles.BROKEN;
import static dev.tokenguard.core.reload.ReloadFiles.FEDEX;
import static dev.tokenguard.core.reload.ReloadFiles.tokenRate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Issue 11, item 5: a reload puts a good file in force and rejects a bad one whole. */
class ConfigReloaderTest {
    @TempDir
    Path dir;

    @Test
    void aGoodFileIsPutInForceAndEachChangeLoggedAtInfo() throws ConfigException {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        f.write(tokenRate("2/1s"));

        List<String> changes = f.reloader.reload();

        assertEquals(List.of("carrier fedex: token-rate [1/1s, 30/2m] -> [2/1s]"), changes);
        assertEquals("[2/1s]", f.tokenRateInForce());
        assertEquals(List.of("tokenguard: configuration reloaded from " + f.file
                + ": carrier fedex: token-rate [1/1s, 30/2m] -> [2/1s]"), f.log.messages(Level.INFO));
    }

    @Test
    void aFileWithAnErrorIsRejectedWholeWithOneErrorLineNamingFileLineAndKey() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        f.write(BROKEN);

        ConfigException e = assertThrows(ConfigException.class, f.reloader::reload);

        assertTrue(e.getMessage().startsWith("Invalid tokenguard configuration (" + f.file
                + ", line 2, carrier.fedex.token-rate): "), e.getMessage());
        assertEquals(List.of("tokenguard: " + e.getMessage() + "; the configuration in force stays in force"),
                f.log.messages(Level.ERROR));
        assertEquals(List.of(), f.admin.reloads(), "nothing reached the policy engine");
        assertEquals("[1/1s, 30/2m]", f.tokenRateInForce());
    }

    @Test
    void whatThePolicyEngineRefusesIsLoggedAndThrown() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        f.admin.answer(next -> {
            throw new IllegalArgumentException("policy fedex-api: carrier nope is not configured");
        });

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f.reloader::reload);

        assertEquals("policy fedex-api: carrier nope is not configured", e.getMessage());
        assertEquals(List.of("tokenguard: Invalid tokenguard configuration (" + f.file + "): policy fedex-api: carrier"
                + " nope is not configured; the configuration in force stays in force"), f.log.messages(Level.ERROR));
    }

    @Test
    void aChangedStoreIsSaidToTakeARestartAndTheRestIsApplied() throws ConfigException {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        f.write(tokenRate("2/1s") + "tokenguard.store=redis://:pw@redis.internal:6379\n");

        List<String> changes = f.reloader.reload();

        String restart = "tokenguard.store changed to redis://:***@redis.internal:6379/0: it takes a restart; until then"
                + " this JVM keeps local";
        assertEquals(List.of("carrier fedex: token-rate [1/1s, 30/2m] -> [2/1s]", restart), changes);
        assertEquals(List.of("tokenguard: configuration reloaded from " + f.file + ": " + restart),
                f.log.messages(Level.WARN));
        assertTrue(!f.log.allText().contains("pw@"), "no password in the log");
    }

    @Test
    void aStoreChangeThePolicyEngineNamesItselfIsSaidOnce() throws ConfigException {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        f.admin.answer(next -> List.of("tokenguard.store: takes a restart"));
        f.write(FEDEX + "tokenguard.store=redis://redis.internal:6379\n");

        assertEquals(List.of("tokenguard.store: takes a restart"), f.reloader.reload());
        assertEquals(List.of(), f.log.messages(Level.WARN));
    }

    @Test
    void aReloadThatChangesNothingSaysSoAtDebugOnly() throws ConfigException {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);

        assertEquals(List.of(), f.reloader.reload());

        assertEquals(List.of(), f.log.messages(Level.INFO));
        assertEquals(List.of("tokenguard: configuration reloaded from " + f.file + ": nothing in force changed"),
                f.log.messages(Level.DEBUG));
    }

    @Test
    void listenersRunAfterEveryReloadPutInForceAndOnlyThen() throws ConfigException {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        AtomicInteger runs = new AtomicInteger();
        f.reloader.afterApplied(runs::incrementAndGet);

        f.reloader.reload();
        f.write(BROKEN);
        assertThrows(ConfigException.class, f.reloader::reload);

        assertEquals(1, runs.get());
    }
}
