package dev.tokenguard.core.jmx;

/**
 * The blocking rules switched on and off at run time, named {@code tokenguard:type=Blocks}. A call a
 * block matches gets a 403 in the carrier's shape and never leaves the JVM.
 */
@Description("Blocks carrier API calls at run time: each block refuses the calls it matches with a 403 in the"
        + " carrier's shape, from the next call on every thread, until it expires or is unblocked.")
public interface BlocksMBean {

    @Description("The blocks in force, oldest first, one line each: id, what it matches, when it expires, how many"
            + " calls it refused, and its reason.")
    String[] getBlocks();

    @Description("Blocks the calls that match all the given arguments (an empty argument matches any) and returns"
            + " the new block's id. A bad argument is refused with a message that names it.")
    String block(
            @Description(name = "carrier", value = "A carrier id; empty or * for every carrier.") String carrier,
            @Description(name = "method", value = "An HTTP method such as POST; empty for any.") String method,
            @Description(name = "pathGlob", value = "A path glob as in when.path (* within a segment, ** across"
                    + " segments); empty for any path.") String pathGlob,
            @Description(name = "header", value = "Name=Value: only calls with that exact header value; empty for any.")
            String header,
            @Description(name = "duration", value = "How long the block lasts, such as 10m or 1h; empty for until"
                    + " unblocked.") String duration,
            @Description(name = "reason", value = "Why: said in every refusal's X-Tokenguard field and in the log;"
                    + " required.") String reason);

    @Description("Lifts the block with that id at once. Returns false where there is none (never was, or expired).")
    boolean unblock(@Description(name = "id", value = "The id block returned.") String id);
}
