package dev.tokenguard.core.http;

/**
 * An opaque handle on one carrier request that was allowed to proceed; the adapter passes it back
 * with the response status. Implemented by agent-core.
 */
public interface Exchange {}
