package dev.tokenguard.core.config;

import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One carrier's keys as they are read, each value checked on its own line, then the
 * {@link CarrierConfig} they make with their preset's defaults. A block without a preset is generic.
 *
 * <p>{@code refresh-ahead}, {@code min-interval} and {@code token-wait} may be zero (no proactive
 * refresh, no spacing, no waiting); {@code token-timeout}, {@code ban-duration} and
 * {@code retry-after-default} may not.
 */
final class CarrierBlock {
    /** A token call that has not answered in this long never will; callers wait as long as it. */
    static final Duration MAX_TOKEN_TIMEOUT = Duration.ofMinutes(5);

    private final String id;
    private final int firstLine;
    private final ConfigSource source;
    private final Map<String, Integer> lines = new HashMap<>();

    private Preset preset = Preset.GENERIC;
    private Set<String> apiHosts;
    private URI tokenUrl;
    private String clientId;
    private String clientSecret;
    private final Map<String, String> extraTokenParams = new LinkedHashMap<>();
    private ClientAuth clientAuth;
    private Attach attach;
    private Duration refreshAhead;
    private Duration minInterval;
    private List<RateBand> tokenRate;
    private Duration tokenWait;
    private Duration tokenTimeout;
    private Integer banStatus;
    private Duration banDuration;
    private Boolean killSwitch;
    private String quotaGroup;
    private Integer refusalStatus;
    private Duration retryAfterDefault;

    CarrierBlock(String id, int firstLine, ConfigSource source) {
        this.id = id;
        this.firstLine = firstLine;
        this.source = source;
    }

    /** @param property a known carrier property, as {@link Keys#carrierKey} lets through */
    void accept(int line, String property, String value) throws ConfigException {
        lines.put(property, line);
        try {
            read(property, value);
        } catch (IllegalArgumentException e) {
            throw source.error(line, key(property), e.getMessage());
        }
    }

    private void read(String property, String value) {
        if (property.startsWith(Keys.TOKEN_PARAM)) {
            extraTokenParams.put(property.substring(Keys.TOKEN_PARAM.length()), value);
            return;
        }
        switch (property) {
            case "preset" -> preset = Values.choice(value, Preset.class);
            case "api-hosts" -> apiHosts = Values.hosts(value);
            case "token-url" -> tokenUrl = Values.url(value);
            case "client-id" -> clientId = value;
            case "client-secret" -> clientSecret = value;
            case "client-auth" -> clientAuth = Values.choice(value, ClientAuth.class);
            case "attach" -> attach = Values.choice(value, Attach.class);
            case "refresh-ahead" -> refreshAhead = Values.duration(value, true);
            case "min-interval" -> minInterval = Values.duration(value, true);
            case "token-rate" -> tokenRate = Values.rate(value);
            case "token-wait" -> tokenWait = Values.duration(value, true);
            case "token-timeout" -> tokenTimeout = Values.duration(value, MAX_TOKEN_TIMEOUT);
            case "ban-status" -> banStatus = Values.status(value);
            case "ban-duration" -> banDuration = Values.duration(value, false);
            case "kill-switch" -> killSwitch = Values.onOff(value);
            case "quota-group" -> quotaGroup = Values.name(value);
            case "refusal-status" -> refusalStatus = Values.status(value);
            case "retry-after-default" -> retryAfterDefault = Values.duration(value, false);
            default -> throw new IllegalStateException("Keys let through an unhandled property " + property);
        }
    }

    /** The line that set a property or, for a preset's default, the line that chose the preset. */
    int lineOf(String property) {
        return lines.getOrDefault(property, lines.getOrDefault("preset", firstLine));
    }

    String key(String property) {
        return Keys.CARRIER_PREFIX + id + "." + property;
    }

    CarrierConfig build() throws ConfigException {
        Presets.Defaults defaults = Presets.of(preset);
        String presetName = preset.name().toLowerCase(Locale.ROOT);
        Set<String> hosts = apiHosts != null ? apiHosts : defaults.apiHosts();
        if (hosts.isEmpty()) {
            throw source.error(lineOf("api-hosts"), key("api-hosts"),
                    "missing: preset " + presetName + " has no default; list the hosts whose requests this carrier guards");
        }
        URI url = tokenUrl != null ? tokenUrl : defaults.tokenUrl();
        if (url == null) {
            throw source.error(lineOf("token-url"), key("token-url"),
                    "missing: preset " + presetName + " has no default; give the carrier's OAuth token URL");
        }
        if ((clientId == null) != (clientSecret == null)) {
            String given = clientId != null ? "client-id" : "client-secret";
            String missing = clientId != null ? "client-secret" : "client-id";
            throw source.error(lines.get(given), key(missing), "missing: " + key(given)
                    + " is given; give both, or neither where the application makes its own token calls");
        }
        return new CarrierConfig(
                id,
                preset,
                hosts,
                url,
                clientId,
                clientSecret,
                Collections.unmodifiableMap(new LinkedHashMap<>(extraTokenParams)),
                clientAuth != null ? clientAuth : defaults.clientAuth(),
                attach != null ? attach : defaults.attach(),
                refreshAhead != null ? refreshAhead : defaults.refreshAhead(),
                minInterval != null ? minInterval : defaults.minInterval(),
                tokenRate != null ? tokenRate : defaults.tokenRate(),
                tokenWait != null ? tokenWait : defaults.tokenWait(),
                tokenTimeout != null ? tokenTimeout : defaults.tokenTimeout(),
                banStatus != null ? banStatus : defaults.banStatus(),
                banDuration != null ? banDuration : defaults.banDuration(),
                killSwitch != null ? killSwitch : defaults.killSwitchOnAtStart(),
                quotaGroup != null ? quotaGroup : defaultQuotaGroup(url),
                refusalStatus != null ? refusalStatus : defaults.refusalStatus(),
                retryAfterDefault != null ? retryAfterDefault : defaults.defaultRetryAfter());
    }

    /** The token URL's lower-case host, with its port where that is not the scheme's default. */
    private static String defaultQuotaGroup(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        return DefaultPorts.isDefault(url.getScheme(), port) ? host : host + ":" + port;
    }
}
