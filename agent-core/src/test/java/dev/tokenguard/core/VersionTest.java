package dev.tokenguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void classesFromNoVersionedJarAreDev() {
        // Unit tests load agent-core from target/classes, which has no manifest; AgentJarIT checks the jar.
        assertEquals("dev", Version.current());
    }
}
