package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PathGlob;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run-time blocks in force. The array is replaced whole (copy on write) and read with one volatile
 * read, so that a block takes effect on the next call on every thread and, with none in force, a call
 * pays that one read. Expired blocks are dropped when next looked at.
 *
 * <p>With a cluster's store, a block made or lifted here is announced to every instance, which
 * applies it under the same id ({@code b<n>-<instance tag>}, so that ids never clash) for what was
 * left of its duration when it was sent; an instance that starts later does not learn of blocks made
 * before it.
 */
final class Blocks implements BlockControl {
    private final TimeSource time;
    private final Set<String> carriers;
    private final Object writeLock = new Object();
    private volatile Block[] blocks = new Block[0];
    private long nextId;
    private volatile ClusterPlaces cluster;
    private static final String BLOCK = "block";
    private static final String UNBLOCK = "unblock";
    /** Stands for an absent field in an announcement; URL-encoding never yields it. */
    private static final String ABSENT = "~";

    private record Block(String id, BlockSpec spec, String method, PathGlob path, String headerName,
                         String headerValue, long createdMillis, long expiresMillis, long expiresNanos,
                         AtomicLong refused) {

        boolean expired(long now) {
            return expiresMillis != 0 && now - expiresNanos >= 0;
        }

        boolean matches(String carrierId, OutboundRequest request) {
            return (PolicyConfig.ALL_CARRIERS.equals(spec.carrier()) || spec.carrier().equals(carrierId))
                    && (method == null || method.equalsIgnoreCase(request.method()))
                    && (path == null || path.matches(RequestKeys.path(request)))
                    && (headerName == null || headerValue.equals(request.headers().first(headerName)));
        }
    }

    Blocks(TimeSource time, Set<String> carriers) {
        this.time = time;
        this.carriers = Set.copyOf(carriers);
    }

    /** The refusal for a call a block covers, or null. */
    PolicyRefusal refusal(String carrierId, OutboundRequest request, long defaultRetryAfterNanos) {
        Block[] in = blocks;
        if (in.length == 0) {
            return null;
        }
        long now = time.nanoTime();
        for (Block b : in) {
            if (!b.expired(now) && b.matches(carrierId, request)) {
                b.refused.incrementAndGet();
                long retry = b.expiresMillis == 0 ? defaultRetryAfterNanos : b.expiresNanos - now;
                return new PolicyRefusal(PolicyRefusal.Kind.BLOCK, "block " + b.id, b.spec.reason(), retry, null);
            }
        }
        return null;
    }

    void shareWith(ClusterPlaces cluster) {
        this.cluster = cluster;
    }

    @Override
    public String block(BlockSpec spec) {
        if (!PolicyConfig.ALL_CARRIERS.equals(spec.carrier()) && !carriers.contains(spec.carrier())) {
            throw new IllegalArgumentException("carrier: no carrier " + spec.carrier() + " is configured; known: "
                    + String.join(", ", new java.util.TreeSet<>(carriers)) + " or *");
        }
        PathGlob glob = spec.pathGlob() == null ? null : compile(spec.pathGlob());
        String headerName = null;
        String headerValue = null;
        if (spec.header() != null) {
            int eq = spec.header().indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("header: expected Name=Value, got " + spec.header());
            }
            headerName = spec.header().substring(0, eq).trim().toLowerCase(Locale.ROOT);
            headerValue = spec.header().substring(eq + 1).trim();
        }
        String id;
        synchronized (writeLock) {
            ClusterPlaces shared = cluster;
            id = "b" + (++nextId) + (shared == null ? "" : "-" + shared.tag());
        }
        add(id, spec, glob, headerName, headerValue, spec.duration());
        ClusterPlaces shared = cluster;
        if (shared != null) {
            shared.announce(String.join(" ", BLOCK, id, spec.duration() == null ? ABSENT : Long.toString(spec.duration().toMillis()),
                    field(spec.carrier()), field(spec.method()), field(spec.pathGlob()), field(spec.header()), field(spec.reason())));
        }
        return id;
    }

    private void add(String id, BlockSpec spec, PathGlob glob, String headerName, String headerValue, java.time.Duration duration) {
        long nowNanos = time.nanoTime();
        long nowMillis = time.currentTimeMillis();
        synchronized (writeLock) {
            long expiresMillis = duration == null ? 0 : nowMillis + duration.toMillis();
            long expiresNanos = duration == null ? 0 : nowNanos + duration.toNanos();
            Block b = new Block(id, spec, spec.method() == null ? null : spec.method().toUpperCase(Locale.ROOT), glob,
                    headerName, headerValue, nowMillis, expiresMillis, expiresNanos, new AtomicLong());
            List<Block> next = live(nowNanos);
            next.add(b);
            blocks = next.toArray(new Block[0]);
        }
    }

    private static String field(String value) {
        return value == null ? ABSENT : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String unfield(String value) {
        return value.equals(ABSENT) ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Another instance's {@code block} or {@code unblock}; anything else is not ours and is ignored. */
    void heard(String[] parts) {
        if (parts[0].equals(UNBLOCK) && parts.length == 2) {
            remove(parts[1]);
        } else if (parts[0].equals(BLOCK) && parts.length == 8) {
            java.time.Duration left = parts[2].equals(ABSENT) ? null : java.time.Duration.ofMillis(Long.parseLong(parts[2]));
            BlockSpec spec = new BlockSpec(unfield(parts[3]), unfield(parts[4]), unfield(parts[5]), unfield(parts[6]),
                    left, unfield(parts[7]));
            if (!PolicyConfig.ALL_CARRIERS.equals(spec.carrier()) && !carriers.contains(spec.carrier())) {
                return;
            }
            String headerName = null;
            String headerValue = null;
            if (spec.header() != null) {
                int eq = spec.header().indexOf('=');
                headerName = spec.header().substring(0, eq).trim().toLowerCase(Locale.ROOT);
                headerValue = spec.header().substring(eq + 1).trim();
            }
            add(parts[1], spec, spec.pathGlob() == null ? null : PathGlob.compile(spec.pathGlob()), headerName, headerValue, left);
        }
    }

    private static PathGlob compile(String glob) {
        try {
            return PathGlob.compile(glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pathGlob: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean unblock(String id) {
        boolean removed = remove(id);
        ClusterPlaces shared = cluster;
        if (removed && shared != null) {
            shared.announce(UNBLOCK + " " + id);
        }
        return removed;
    }

    private boolean remove(String id) {
        synchronized (writeLock) {
            List<Block> next = live(time.nanoTime());
            boolean removed = next.removeIf(b -> b.id.equals(id));
            blocks = next.toArray(new Block[0]);
            return removed;
        }
    }

    @Override
    public List<BlockView> blocks() {
        synchronized (writeLock) {
            List<Block> next = live(time.nanoTime());
            blocks = next.toArray(new Block[0]);
            return next.stream()
                    .map(b -> new BlockView(b.id, b.spec, b.createdMillis, b.expiresMillis, b.refused.get()))
                    .toList();
        }
    }

    /** The unexpired blocks, oldest first; under {@link #writeLock}. */
    private List<Block> live(long now) {
        List<Block> live = new ArrayList<>();
        for (Block b : blocks) {
            if (!b.expired(now)) {
                live.add(b);
            }
        }
        return live;
    }
}
