package dev.tokenguard.core.reload;

import static dev.tokenguard.core.reload.ReloadFiles.BROKEN;
import static dev.tokenguard.core.reload.ReloadFiles.FEDEX;
import static dev.tokenguard.core.reload.ReloadFiles.tokenRate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.time.TimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Issue 11, item 5: the file is watched; an edit is put in force, a broken edit rejected whole, and
 * what was in force stays. Most tests take the looks one by one ({@code poll}); the last ones run the
 * watching thread and poll for the result with a generous deadline.
 */
class ConfigWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private ConfigWatcher watcher(ReloadFiles f) {
        return new ConfigWatcher(f.reloader, TimeSource.system(), () -> f.log);
    }

    @Test
    void theFirstLookPutsTheFileInForceAndAnUnchangedFileIsNotReloaded() throws Exception {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        ConfigWatcher watcher = watcher(f);

        watcher.poll();
        Files.setLastModifiedTime(f.file, FileTime.from(Instant.now().plusSeconds(60)));
        watcher.poll();

        assertEquals(1, f.admin.reloads().size(), "a touch that changes nothing reloads nothing");
    }

    @Test
    void anEditIsPutInForceAtTheNextLook() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        ConfigWatcher watcher = watcher(f);
        watcher.poll();

        f.write(tokenRate("2/1s"));
        watcher.poll();

        assertEquals("[2/1s]", f.tokenRateInForce());
        assertTrue(f.log.messages(Level.INFO).contains("tokenguard: configuration reloaded from " + f.file
                + ": carrier fedex: token-rate [1/1s, 30/2m] -> [2/1s]"), f.log.allText());
    }

    @Test
    void aBrokenEditIsRejectedOnceItStaysTheSameAndNothingChanges() {
        ReloadFiles f = new ReloadFiles(dir, tokenRate("2/1s"));
        ConfigWatcher watcher = watcher(f);
        watcher.poll();

        f.write(BROKEN);
        watcher.poll();
        assertEquals(List.of(), f.log.messages(Level.ERROR), "not yet: it may be half written");
        watcher.poll();
        watcher.poll();

        List<String> errors = f.log.messages(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("tokenguard: Invalid tokenguard configuration (" + f.file
                + ", line 2, carrier.fedex.token-rate): "), errors.get(0));
        assertEquals(1, f.admin.reloads().size(), "only the first look's reload");
        assertEquals("[2/1s]", f.tokenRateInForce());
    }

    @Test
    void aFileCaughtHalfWrittenIsNotReportedOnceItIsWhole() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        ConfigWatcher watcher = watcher(f);
        watcher.poll();

        f.write(tokenRate("2/1s").substring(0, FEDEX.length() + "carrier.fedex.token-rate=2/".length()));
        watcher.poll();
        f.write(tokenRate("2/1s"));
        watcher.poll();

        assertEquals(List.of(), f.log.messages(Level.ERROR));
        assertEquals("[2/1s]", f.tokenRateInForce());
    }

    @Test
    void aDeletedFileLeavesWhatIsInForceAndItsReturnIsPutInForce() throws Exception {
        ReloadFiles f = new ReloadFiles(dir, tokenRate("2/1s"));
        ConfigWatcher watcher = watcher(f);
        watcher.poll();

        Files.delete(f.file);
        watcher.poll();
        watcher.poll();
        assertEquals(List.of("tokenguard: configuration file " + f.file + ": it is gone; watching for it to come back;"
                + " the configuration in force stays in force"), f.log.messages(Level.WARN), "said once");
        assertEquals("[2/1s]", f.tokenRateInForce());

        f.write(tokenRate("3/1s"));
        watcher.poll();

        assertEquals("[3/1s]", f.tokenRateInForce());
        assertEquals(List.of(), f.log.messages(Level.ERROR));
    }

    @Test
    void theWatchingThreadPutsAnEditInForceAndRejectsABrokenOne() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        try (ConfigWatcher watcher = watcher(f)) {
            watcher.start();
            Eventually.until("the first look", DEADLINE, () -> f.admin.reloads().size() == 1, f.log::allText);

            f.write(tokenRate("2/1s"));
            Eventually.until("the edit is in force", DEADLINE, () -> f.tokenRateInForce().equals("[2/1s]"),
                    f.log::allText);

            f.write(BROKEN);
            Eventually.until("the broken edit is rejected", DEADLINE, () -> !f.log.messages(Level.ERROR).isEmpty(),
                    f.log::allText);
            assertEquals("[2/1s]", f.tokenRateInForce());
            assertEquals(2, f.admin.reloads().size(), "the broken edit never reached the policy engine");
        }
    }

    @Test
    void rapidSuccessiveWritesEndWithTheLastInForce() {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        try (ConfigWatcher watcher = watcher(f)) {
            watcher.start();
            for (int calls = 2; calls <= 40; calls++) {
                f.write(tokenRate(calls + "/1s"));
            }

            Eventually.until("the last write is in force", DEADLINE, () -> f.tokenRateInForce().equals("[40/1s]"),
                    f.log::allText);
            assertEquals(List.of(), f.log.messages(Level.ERROR));
        }
    }

    @Test
    void closeStopsTheWatchingThread() throws Exception {
        ReloadFiles f = new ReloadFiles(dir, FEDEX);
        ConfigWatcher watcher = watcher(f);
        watcher.start();
        Eventually.until("the first look", DEADLINE, () -> f.admin.reloads().size() == 1, f.log::allText);

        watcher.close();
        f.write(tokenRate("2/1s"));

        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("tokenguard-reload")) {
                thread.join(DEADLINE.toMillis());
                assertTrue(!thread.isAlive(), "the thread ended");
            }
        }
        assertEquals("[1/1s, 30/2m]", f.tokenRateInForce());
    }
}
