package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.ApiHost;
import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 */
final class CarrierDirectory {
    private record Entry(int port, CarrierRuntime carrier) {}

    private final Map<String, Entry[]> byHost;

    CarrierDirectory(List<CarrierRuntime> carriers) {
        Map<String, List<Entry>> hosts = new HashMap<>();
        for (CarrierRuntime carrier : carriers) {
            for (String entry : carrier.config().apiHosts()) {
                ApiHost apiHost = ApiHost.of(entry);
                add(hosts, apiHost.host(), apiHost.port(), carrier);
            }
            URI tokenUrl = carrier.config().tokenUrl();
            add(hosts, tokenUrl.getHost(), DefaultPorts.effective(tokenUrl), carrier);
        }
        Map<String, Entry[]> built = new HashMap<>();
        hosts.forEach((host, entries) -> built.put(host, entries.toArray(Entry[]::new)));
        this.byHost = built;
    }

    /** The carrier of this host and effective port, or null. */
    CarrierRuntime find(String host, int port) {
        if (host == null) {
            return null;
        }
        // toLowerCase returns the same instance when there is nothing to lower: no allocation.
        Entry[] entries = byHost.get(host.toLowerCase(Locale.ROOT));
        if (entries != null) {
            for (Entry e : entries) {
                if (e.port == port) {
                    return e.carrier;
                }
            }
        }
        return null;
    }

    private static void add(Map<String, List<Entry>> hosts, String host, int port, CarrierRuntime carrier) {
        List<Entry> entries = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new ArrayList<>());
        if (entries.stream().noneMatch(e -> e.port == port)) {
            entries.add(new Entry(port, carrier));
        }
    }
}
