package dev.tokenguard.core.config;

import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.util.StringJoiner;

/**
 * The one INFO line the agent writes at start: its version, each carrier with the hosts it guards
 * and its token URL, and the store, so that a log shows at a glance what was guarded, with what:
 * {@code tokenguard 0.9.0: guarding fedex (apis.fedex.com:443, token apis.fedex.com:443/oauth/token);
 * store local}.
 *
 * <p>No secret appears: credentials are not named at all, the token URL's query (where a carrier
 * might take a key) is left out, and the store shows as {@link StoreLocation#toString()} does, which
 * hides a Redis password.
 */
public final class StartLine {

    private StartLine() {}

    public static String of(TokenguardConfig config, String version) {
        StringJoiner carriers = new StringJoiner(", ");
        for (CarrierConfig carrier : config.carriers()) {
            StringJoiner hosts = new StringJoiner(", ");
            carrier.apiHosts().forEach(host -> hosts.add(ApiHost.of(host).toString()));
            hosts.add("token " + origin(carrier.tokenUrl()) + path(carrier.tokenUrl()));
            carriers.add(carrier.id() + " (" + hosts + ")");
        }
        return "tokenguard " + version + ": guarding " + carriers + "; store " + config.store();
    }

    /** {@code host:port}, with {@code http://} in front where the token URL is plain HTTP. */
    private static String origin(URI url) {
        String host = url.getHost() + ":" + DefaultPorts.effective(url);
        return "https".equalsIgnoreCase(url.getScheme()) ? host : url.getScheme() + "://" + host;
    }

    private static String path(URI url) {
        String path = url.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }
}
