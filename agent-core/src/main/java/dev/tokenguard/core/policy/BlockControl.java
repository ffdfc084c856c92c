package dev.tokenguard.core.policy;

import java.util.List;

/**
 * Blocking rules switched on and off at run time (JMX {@code tokenguard:type=Blocks}, the command line's
 * {@code block} and {@code unblock}). A block takes effect on the next call on every thread; a call it
 * refuses gets a 403 in the carrier's shape and never leaves the JVM.
 */
public interface BlockControl {

    /**
     * @return the new block's id, short and unique in this JVM
     * @throws IllegalArgumentException naming the field where the spec is not usable (unknown carrier,
     *                                  bad glob, bad header)
     */
    String block(BlockSpec spec);

    /** @return false where no block has that id (never had, or expired) */
    boolean unblock(String id);

    /** The blocks in force, oldest first; expired ones are gone. */
    List<BlockView> blocks();
}
