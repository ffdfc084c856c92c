package dev.tokenguard.core.policy;

/**
 * What the engine decided for one API call: go now ({@link PolicyPass}), go after waiting
 * ({@link Waiting}), or not at all ({@link PolicyRefusal}). A call no policy applies to gets null
 * instead, so that it costs nothing.
 */
public sealed interface Verdict permits PolicyPass, Waiting, PolicyRefusal {}
