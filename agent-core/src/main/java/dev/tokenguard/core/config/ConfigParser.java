package dev.tokenguard.core.config;

import dev.tokenguard.core.config.PropertiesLines.Entry;
import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads tokenguard's properties file into a {@link TokenguardConfig}, all or nothing: the first
 * problem fails the whole file with a {@link ConfigException} naming the key and line. Lines are
 * checked in order, then each carrier as a whole (required keys, credentials in pairs), then hosts
 * across carriers. The line syntax is {@link PropertiesLines}'s; values may reference variables as
 * {@link Substitution} describes, and are trimmed; an empty value is an error, except for
 * {@code tokenguard.log.file} (standard error). A key given twice is an error.
 *
 * <p>The {@code tokenguard.} settings:
 * <ul>
 * <li>{@code on-config-error=fail|pass} (fail): stop the JVM on a configuration error, or start it
 *     unguarded and log the error. Read before every other line, so that each error carries it.
 * <li>{@code log.level=trace|debug|info|warn|error} (info); {@code log.file=PATH} (standard error).
 * <li>{@code store=local|redis://[user:password@]host:port[/db]|rediss://...|redis-sentinel://...}
 *     (local): where tokens, limiter and kill-switch state live; see {@link StoreUrls}. With a Redis
 *     store, {@code store.password} (the server's, taken as it is, for passwords a URL cannot hold),
 *     {@code store.sentinel-password} (Sentinel only), and with TLS {@code store.tls.key-store},
 *     {@code store.tls.trust-store} and their {@code -password}s; each is an error with another store
 *     (see {@link Settings}).
 * <li>{@code cluster.name=NAME} (none: {@code tokenguard}) and {@code cluster.expected-instances=N}
 *     (2, at least 1): the key prefix of the cluster in the store, and how many instances share the
 *     carriers' limits (each falls back to that share of them while the store is unreachable).
 * <li>{@code metrics.port=N} (0: none), 1 to 65535, and {@code metrics.host=ADDRESS} (every interface):
 *     where the Prometheus endpoint ({@code /metrics}) listens; see {@link MetricsEndpoint}.
 * <li>{@code mode=enforce|observe} (enforce): observe changes no call and counts what enforce would
 *     have done; a reload, JMX or the command line switches it at run time.
 * </ul>
 * The {@code carrier.<id>.} keys, {@code <id>} of a-z, 0-9 and '-', are listed in
 * {@link Keys#CARRIER_PROPERTIES}; their defaults come from the block's preset ({@link Presets},
 * generic where none is named) except {@code quota-group}, which defaults to the token URL's host.
 * {@code token-param.<name>=value} adds a form field to the agent's own token calls (FedEx's
 * {@code child_Key}); {@code client_id} and {@code client_secret} are refused there, having keys of
 * their own. Enumerated values ({@code fedex}, {@code form}, {@code on}) may be written in any case.
 * An api-hosts entry may appear in one carrier only.
 *
 * <p>The {@code policy.<name>.} keys, {@code <name>} of a-z, 0-9 and '-', are listed in
 * {@link Keys#POLICY_PROPERTIES}, with {@code when.header.<Name>} and {@code when.query.<name>};
 * {@link PolicyBlock} says how they combine. A policy's {@code carrier} must be one configured in the
 * file (in any order) or {@code *}. The policies are the presets' first, in carrier order ({@link Presets}),
 * each with the file's block of its name applied, then the file's other blocks in order.
 *
 * <p>Messages quote the value at fault (as substituted) except for {@code client-id},
 * {@code client-secret}, {@code token-param.*}, {@code tokenguard.store} and its passwords, and URLs
 * holding an {@code @}, which may carry secrets and are never quoted.
 */
public final class ConfigParser {

    private final Substitution substitution;

    /**
     * @param environment      looks up {@code ${NAME}}; null where unset
     * @param systemProperties looks up {@code ${sys:name}}; null where unset
     */
    public ConfigParser(Function<String, String> environment, Function<String, String> systemProperties) {
        this.substitution = new Substitution(environment, systemProperties);
    }

    /** A parser substituting from this process's environment and system properties. */
    public static ConfigParser fromSystem() {
        return new ConfigParser(System::getenv, System::getProperty);
    }

    /**
     * Reads the UTF-8 file a {@link ConfigLocator} found. A file that cannot be read fails with
     * {@link OnConfigError#FAIL}: the on-config-error setting is in it.
     */
    public TokenguardConfig parse(ConfigLocator.Location location) throws ConfigException {
        String name = location.path().toString();
        String text;
        // java.io rather than Files.readString: this runs in premain, and the channel classes the
        // latter loads (two dozen, outside the JDK's class-data archive) cost more than the read.
        try (InputStream in = new FileInputStream(location.path().toFile())) {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (FileNotFoundException e) {
            if (location.path().toFile().exists()) {
                throw new ConfigException(name, 0, null,
                        "cannot read it (given by " + location.origin() + "): " + e, OnConfigError.FAIL);
            }
            throw new ConfigException(name, 0, null, "no such file (given by " + location.origin() + ")", OnConfigError.FAIL);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, 0, null, "not UTF-8 text", OnConfigError.FAIL);
        } catch (IOException e) {
            throw new ConfigException(name, 0, null,
                    "cannot read it (given by " + location.origin() + "): " + e, OnConfigError.FAIL);
        }
        return parse(text, name);
    }

    /**
     * @param source where the text comes from, for messages
     */
    public TokenguardConfig parse(String text, String source) throws ConfigException {
        List<Entry> entries = PropertiesLines.read(text);
        ConfigSource where = new ConfigSource(source, onConfigError(entries, source));
        Map<String, Integer> seen = new HashMap<>();
        Map<String, CarrierBlock> blocks = new LinkedHashMap<>();
        Map<String, PolicyBlock> policyBlocks = new LinkedHashMap<>();
        Settings settings = new Settings();
        for (Entry entry : entries) {
            String key = entry.key();
            if (entry.problem() != null) {
                throw where.error(entry.line(), key, entry.problem());
            }
            Keys.BlockKey parsedKey = checkKey(entry, where);
            Integer first = seen.putIfAbsent(key, entry.line());
            if (first != null) {
                throw where.error(entry.line(), key, "given twice (first on line " + first + ")");
            }
            String value = value(entry, where);
            if (parsedKey instanceof Keys.CarrierKey carrierKey) {
                CarrierBlock block = blocks.get(carrierKey.id());
                if (block == null) {
                    block = new CarrierBlock(carrierKey.id(), entry.line(), where);
                    blocks.put(carrierKey.id(), block);
                }
                block.accept(entry.line(), carrierKey.property(), value);
                continue;
            }
            if (parsedKey instanceof Keys.PolicyKey policyKey) {
                PolicyBlock block = policyBlocks.get(policyKey.name());
                if (block == null) {
                    block = new PolicyBlock(policyKey.name(), entry.line(), where);
                    policyBlocks.put(policyKey.name(), block);
                }
                block.accept(entry.line(), policyKey.property(), value);
                continue;
            }
            try {
                settings.accept(key, value);
            } catch (IllegalArgumentException e) {
                throw where.error(entry.line(), key, e.getMessage());
            }
        }
        if (blocks.isEmpty()) {
            throw where.error(0, null, "no carrier is configured; add a block such as carrier.fedex.preset=fedex");
        }
        List<CarrierConfig> carriers = build(blocks, where);
        List<PolicyConfig> policies = policies(carriers, policyBlocks);
        try {
            return settings.toConfig(carriers, policies, where.onConfigError(), source);
        } catch (IllegalArgumentException e) {
            throw where.error(0, null, e.getMessage());
        }
    }

    /**
     * The on-config-error setting, read ahead of the other lines so that their errors can carry it.
     * A problem with the setting itself fails, as the default does.
     */
    private OnConfigError onConfigError(List<Entry> entries, String source) throws ConfigException {
        ConfigSource failing = new ConfigSource(source, OnConfigError.FAIL);
        Entry found = null;
        for (Entry entry : entries) {
            if (Keys.ON_CONFIG_ERROR.equals(entry.key())) {
                if (entry.problem() != null) {
                    throw failing.error(entry.line(), entry.key(), entry.problem());
                }
                if (found != null) {
                    throw failing.error(entry.line(), entry.key(), "given twice (first on line " + found.line() + ")");
                }
                found = entry;
            }
        }
        if (found == null) {
            return OnConfigError.FAIL;
        }
        String value = value(found, failing);
        try {
            return Values.choice(value, OnConfigError.class);
        } catch (IllegalArgumentException e) {
            throw failing.error(found.line(), found.key(), e.getMessage());
        }
    }

    /** The key taken apart where it is a block's; null for a tokenguard setting. */
    private static Keys.BlockKey checkKey(Entry entry, ConfigSource where) throws ConfigException {
        String key = entry.key();
        try {
            if (key.startsWith(Keys.CARRIER_PREFIX)) {
                return Keys.carrierKey(key);
            }
            if (key.startsWith(Keys.POLICY_PREFIX)) {
                return Keys.policyKey(key);
            }
            if (key.startsWith("tokenguard.")) {
                Keys.checkTokenguardKey(key);
                return null;
            }
            Keys.failOutsideNamespaces(key);
            return null;
        } catch (IllegalArgumentException e) {
            throw where.error(entry.line(), key, e.getMessage());
        }
    }

    /** The value, substituted and trimmed. */
    private String value(Entry entry, ConfigSource where) throws ConfigException {
        String value;
        try {
            value = substitution.apply(entry.value()).trim();
        } catch (IllegalArgumentException e) {
            throw where.error(entry.line(), entry.key(), e.getMessage());
        }
        if (value.isEmpty() && !Keys.LOG_FILE.equals(entry.key())) {
            throw where.error(entry.line(), entry.key(), "empty value");
        }
        return value;
    }

    /** The presets' policies with the file's blocks of their names applied, then the file's other blocks. */
    private static List<PolicyConfig> policies(List<CarrierConfig> carriers, Map<String, PolicyBlock> blocks)
            throws ConfigException {
        // Loops, not streams: this runs in premain, where each stream shape loads classes of its own.
        List<String> carrierIds = new ArrayList<>();
        List<PolicyConfig> presets = new ArrayList<>();
        for (CarrierConfig carrier : carriers) {
            carrierIds.add(carrier.id());
            presets.addAll(Presets.policies(carrier.id(), carrier.preset()));
        }
        List<String> presetNames = new ArrayList<>();
        for (PolicyConfig preset : presets) {
            presetNames.add(preset.name());
        }
        Map<String, PolicyBlock> unclaimed = new LinkedHashMap<>(blocks);
        List<PolicyConfig> policies = new ArrayList<>();
        for (PolicyConfig preset : presets) {
            PolicyBlock block = unclaimed.remove(preset.name());
            policies.add(block == null ? preset : block.build(carrierIds, preset, presetNames));
        }
        for (PolicyBlock block : unclaimed.values()) {
            policies.add(block.build(carrierIds, null, presetNames));
        }
        return List.copyOf(policies);
    }

    private static List<CarrierConfig> build(Map<String, CarrierBlock> blocks, ConfigSource where)
            throws ConfigException {
        List<CarrierConfig> carriers = new ArrayList<>();
        Map<String, CarrierBlock> hostOwners = new LinkedHashMap<>();
        for (CarrierBlock block : blocks.values()) {
            CarrierConfig carrier = block.build();
            for (String host : carrier.apiHosts()) {
                for (Map.Entry<String, CarrierBlock> owned : hostOwners.entrySet()) {
                    if (Values.overlap(owned.getKey(), host)) {
                        CarrierBlock owner = owned.getValue();
                        throw where.error(block.lineOf("api-hosts"), block.key("api-hosts"), host
                                + " is already guarded by " + owner.key("api-hosts") + " (line "
                                + owner.lineOf("api-hosts") + "); a host belongs to one carrier");
                    }
                }
            }
            for (String host : carrier.apiHosts()) {
                hostOwners.put(host, block);
            }
            carriers.add(carrier);
        }
        return List.copyOf(carriers);
    }
}
