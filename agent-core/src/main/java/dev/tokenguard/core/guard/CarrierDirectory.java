package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.ApiHost;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which carrier, if any, a host and port belong to: one hash lookup by host, then a scan of the few
 * ports configured for it. Built once; never changed, so reads need no synchronisation.
 *
 * <p>A bare configured host matches the HTTPS port only: the carriers serve their APIs over HTTPS,
 * and a request to port 80 would carry an attached bearer in clear text before any redirect to HTTPS.
 * {@code host:port} matches that port only (tests and proxies name plain-HTTP ports this way).
 * Every carrier's token host and port is a carrier's too, so that its token requests are recognised;
 * whether an API request there may carry a bearer is {@link CarrierRuntime#bearersAllowed}'s call.
 * Where two carriers name the same host and port, the first configured keeps it.
 *
 * <p>Generic in what it finds, so that a guard not built yet ({@link LazyTokenguard}) tells carrier
 * hosts from the configuration alone, by the same rules.
 */
final class CarrierDirectory<T> {
    private record Entry<T>(int port, T carrier) {}

    private final Map<String, List<Entry<T>>> byHost;

    CarrierDirectory(List<T> carriers, Function<T, CarrierConfig> configOf) {
        Map<String, List<Entry<T>>> hosts = new HashMap<>();
        for (T carrier : carriers) {
            CarrierConfig config = configOf.apply(carrier);
            for (String entry : config.apiHosts()) {
                ApiHost apiHost = ApiHost.of(entry);
                add(hosts, apiHost.host(), apiHost.port(), carrier);
            }
            URI tokenUrl = config.tokenUrl();
            add(hosts, tokenUrl.getHost(), DefaultPorts.effective(tokenUrl), carrier);
        }
        // Loops rather than streams and lambdas here and in add: premain builds a directory, and each
        // of those would load classes into every JVM the agent starts.
        Map<String, List<Entry<T>>> built = new HashMap<>();
        for (Map.Entry<String, List<Entry<T>>> host : hosts.entrySet()) {
            built.put(host.getKey(), List.copyOf(host.getValue()));
        }
        this.byHost = built;
    }

    /** The carrier of this host and effective port, or null. */
    T find(String host, int port) {
        if (host == null) {
            return null;
        }
        // toLowerCase returns the same instance when there is nothing to lower: no allocation.
        List<Entry<T>> entries = byHost.get(host.toLowerCase(Locale.ROOT));
        if (entries != null) {
            // Indexed, not for-each: no iterator on the hot path.
            for (int i = 0; i < entries.size(); i++) {
                Entry<T> e = entries.get(i);
                if (e.port == port) {
                    return e.carrier;
                }
            }
        }
        return null;
    }

    private static <T> void add(Map<String, List<Entry<T>>> hosts, String host, int port, T carrier) {
        String key = host.toLowerCase(Locale.ROOT);
        List<Entry<T>> entries = hosts.get(key);
        if (entries == null) {
            entries = new ArrayList<>();
            hosts.put(key, entries);
        }
        for (Entry<T> entry : entries) {
            if (entry.port == port) {
                return;
            }
        }
        entries.add(new Entry<>(port, carrier));
    }
}
