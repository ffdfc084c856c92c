package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.testing.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The places rule of {@link SharedCounters} kept in memory on a {@link ManualClock}, for the engine's
 * unit tests; the Redis store is tested against a real redis-server. One {@link Hub} is the cluster's
 * store; each engine gets a {@link MemoryCounters} of its own on it, which can be made to fail.
 */
final class MemoryCounters implements SharedCounters {
    private final Hub hub;
    private final List<Runnable> recoveries = new CopyOnWriteArrayList<>();
    private Consumer<String> listener = m -> { };
    private volatile boolean failing;
    int takes;
    int reports;

    /** The cluster's store: per band, each place's id and until when it is taken (ms, the clock's). */
    static final class Hub {
        final ManualClock clock;
        final Map<String, Map<String, long[]>> bands = new HashMap<>();
        final List<MemoryCounters> members = new ArrayList<>();

        Hub(ManualClock clock) {
            this.clock = clock;
        }

        MemoryCounters member() {
            MemoryCounters m = new MemoryCounters(this);
            members.add(m);
            return m;
        }

        /** Places taken in the band, in flight or held, now. */
        synchronized int used(String name, int band) {
            return live(name + "#" + band).size();
        }

        synchronized int usedAll() {
            int used = 0;
            for (String key : List.copyOf(bands.keySet())) {
                used += live(key).size();
            }
            return used;
        }

        private Map<String, long[]> live(String key) {
            long now = clock.currentTimeMillis();
            Map<String, long[]> places = bands.computeIfAbsent(key, k -> new HashMap<>());
            places.values().removeIf(p -> p[0] <= now);
            return places;
        }
    }

    private MemoryCounters(Hub hub) {
        this.hub = hub;
    }

    void fail(boolean failing) {
        this.failing = failing;
        if (!failing) {
            recoveries.forEach(Runnable::run);
        }
    }

    private void check() {
        if (failing) {
            throw new Unavailable("the store is down (test)", null);
        }
    }

    @Override
    public Taken take(List<Places> counters, List<String> ids, long maxWaitMillis, long leaseMillis) {
        check();
        synchronized (hub) {
            takes++;
            long now = hub.clock.currentTimeMillis();
            int free = Integer.MAX_VALUE;
            long at = now;
            for (Places p : counters) {
                for (int b = 0; b < p.bands().size(); b++) {
                    RateBand band = p.bands().get(b);
                    Map<String, long[]> live = hub.live(p.name() + "#" + b);
                    int left = (int) band.calls() - live.size();
                    free = Math.min(free, left);
                    if (left <= 0) {
                        List<long[]> held = live.values().stream().filter(v -> v[1] == 0).sorted((x, y) -> Long.compare(x[0], y[0])).toList();
                        int need = live.size() - (int) band.calls();
                        if (held.size() <= need) {
                            return new Taken(0, 0, -1);
                        }
                        at = Math.max(at, held.get(need)[0]);
                    }
                }
            }
            int count = free >= 1 ? Math.min(free, ids.size()) : 1;
            if (free < 1 && at - now > maxWaitMillis) {
                return new Taken(0, 0, at - now);
            }
            for (Places p : counters) {
                for (int b = 0; b < p.bands().size(); b++) {
                    Map<String, long[]> live = hub.live(p.name() + "#" + b);
                    if (free < 1) {
                        long reserved = at;
                        live.values().removeIf(v -> v[1] == 0 && v[0] <= reserved);
                    }
                    for (int i = 0; i < count; i++) {
                        live.put(ids.get(i), new long[] {at + leaseMillis, 1});
                    }
                }
            }
            return new Taken(count, at - now, 0);
        }
    }

    @Override
    public void responded(List<Places> counters, List<String> ids) {
        check();
        synchronized (hub) {
            reports++;
            long now = hub.clock.currentTimeMillis();
            for (Places p : counters) {
                for (int b = 0; b < p.bands().size(); b++) {
                    Map<String, long[]> live = hub.live(p.name() + "#" + b);
                    for (String id : ids) {
                        long[] place = live.get(id);
                        if (place != null && place[1] == 1) {
                            live.put(id, new long[] {now + p.bands().get(b).period().toMillis(), 0});
                        }
                    }
                }
            }
        }
    }

    @Override
    public void giveBack(List<Places> counters, List<String> ids) {
        check();
        synchronized (hub) {
            reports++;
            for (Places p : counters) {
                for (int b = 0; b < p.bands().size(); b++) {
                    Map<String, long[]> live = hub.live(p.name() + "#" + b);
                    ids.forEach(live::remove);
                }
            }
        }
    }

    @Override
    public void renew(List<Places> counters, List<String> ids, long leaseMillis) {
        check();
    }

    @Override
    public boolean available() {
        return !failing;
    }

    @Override
    public void onRecovery(Runnable action) {
        recoveries.add(action);
    }

    @Override
    public void announce(String message) {
        check();
        for (MemoryCounters m : hub.members) {
            if (m != this) {
                m.listener.accept(message);
            }
        }
    }

    @Override
    public void onAnnouncement(Consumer<String> listener) {
        this.listener = listener;
    }
}
