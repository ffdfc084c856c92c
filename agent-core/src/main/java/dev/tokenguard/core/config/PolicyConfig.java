package dev.tokenguard.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One throttling policy for carrier API calls, a {@code policy.<name>.} block of the properties file
 * or one a preset brings. A policy applies to a request when its carrier matches and all of its
 * conditions hold ({@link Conditions#not} inverts the whole); it then counts the request against the
 * counter {@link #per} selects, and refuses it where a limit leaves no room within {@link #maxWait},
 * or always where {@link #action} is {@link Action#BLOCK}.
 *
 * @param name      the {@code <name>} of {@code policy.<name>.}; preset policies are named
 *                  {@code <carrier id>-<what>}, so that a user's block of that name overrides them
 * @param carrier   a carrier id, or {@link #ALL_CARRIERS} for every carrier (the global level)
 * @param requests  at most {@code calls} admitted in any interval of length {@code period}, per band;
 *                  empty for no request-count limit
 * @param bytes     request and response bytes per period; null for no bandwidth limit
 * @param inFlight  concurrent calls in this JVM; 0 for no limit
 * @param maxWait   how long a call may queue for room before it is refused; zero refuses at once
 * @param enabled   false where the policy is switched off ({@code enabled=false}); it then neither
 *                  counts nor refuses
 * @param scope     whether its {@code requests} bands count the calls of every instance sharing the
 *                  cluster's store, or of this JVM alone; {@code in-flight} and {@code bytes} are
 *                  always this JVM's
 * @param sync      how a cluster-scoped band is decided: in the store for every call, or from places
 *                  leased in batches
 * @param origin    whether the user wrote it or a preset brought it, for listings; a preset's policy
 *                  stays {@link Origin#PRESET} where the file's block of its name changes some keys
 * @param line      the line of its first key, for messages; 0 for a preset's that no block changes
 */
public record PolicyConfig(
        String name,
        String carrier,
        Conditions when,
        Per per,
        List<RateBand> requests,
        ByteRate bytes,
        int inFlight,
        Duration maxWait,
        Mode mode,
        Action action,
        boolean enabled,
        Scope scope,
        Sync sync,
        Origin origin,
        int line) {

    public static final String ALL_CARRIERS = "*";
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

    public PolicyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(per, "per");
        requests = List.copyOf(requests);
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(origin, "origin");
    }

    public boolean appliesTo(String carrierId) {
        return ALL_CARRIERS.equals(carrier) || carrier.equals(carrierId);
    }

    /** {@code mode}: enforce refuses; shadow counts and logs what it would refuse, and refuses nothing. */
    public enum Mode { ENFORCE, SHADOW }

    /** {@code action}: limit (the default) applies the limits; block refuses every matching call. */
    public enum Action { LIMIT, BLOCK }

    public enum Origin { USER, PRESET }

    /**
     * {@code scope}: {@code cluster} (the default) counts the {@code requests} bands in the cluster's
     * store where {@code tokenguard.store} names one, so that every instance together keeps to them;
     * {@code instance} counts this JVM's calls alone. Without a shared store both count per JVM.
     */
    public enum Scope { CLUSTER, INSTANCE }

    /**
     * {@code sync}: how a cluster-scoped band decides. {@code async} (the default) takes places from
     * the store in batches and spends them locally; {@code exact} asks the store for every call. Both
     * keep the cluster within the bands; they differ in cost and in how places are spread.
     */
    public enum Sync { EXACT, ASYNC }

    public static final Scope DEFAULT_SCOPE = Scope.CLUSTER;
    public static final Sync DEFAULT_SYNC = Sync.ASYNC;

    /** {@code bytes=SIZE/W}: request plus response bytes admitted per {@code period}. */
    public record ByteRate(long bytes, Duration period) {}

    /** {@code per}: what one counter covers. */
    public sealed interface Per {
        /** {@code per=policy} (the default): one counter for every matching call. */
        record Whole() implements Per {}

        /** {@code per=credential}: one counter per client id (the request's token's credential). */
        record Credential() implements Per {}

        /** {@code per=header:<Name>}: one counter per distinct value; {@code name} is lower-case. */
        record Header(String name) implements Per {}

        /** {@code per=query:<name>}: one counter per distinct value of the query parameter. */
        record Query(String name) implements Per {}

        /**
         * {@code per=path:<n>}: one counter per distinct first {@code n} path segments, such as
         * USPS's API products ({@code /addresses/v3/...}, {@code /prices/v3/...}).
         */
        record PathPrefix(int segments) implements Per {}

        Per POLICY = new Whole();
        Per CREDENTIAL = new Credential();
    }

    /**
     * The {@code when.} conditions; every one given must hold. Empty collections match anything.
     *
     * @param methods upper-case methods ({@code when.method=GET,POST})
     * @param paths   {@code when.path} globs, any of which may match the request's path
     * @param headers {@code when.header.<Name>}, keyed by lower-case name
     * @param query   {@code when.query.<name>}, keyed by name as written
     * @param not     {@code when.not=true}: the policy applies where the conditions do NOT all hold
     */
    public record Conditions(Set<String> methods, List<PathGlob> paths, Map<String, ValueMatch> headers,
                             Map<String, ValueMatch> query, boolean not) {
        public static final Conditions ANY = new Conditions(Set.of(), List.of(), Map.of(), Map.of(), false);

        public Conditions {
            methods = Set.copyOf(methods);
            paths = List.copyOf(paths);
            headers = Map.copyOf(headers);
            query = Map.copyOf(query);
        }
    }

    /** A condition's value: exactly {@code exact}, or (written {@code ~regex}) matching {@code regex} as a whole. */
    public record ValueMatch(String exact, Pattern regex) {
        public ValueMatch {
            if ((exact == null) == (regex == null)) {
                throw new IllegalArgumentException("a value match is exact or a pattern, not both or neither");
            }
        }

        public boolean matches(String value) {
            return value != null && (exact != null ? exact.equals(value) : regex.matcher(value).matches());
        }

        @Override
        public String toString() {
            return exact != null ? exact : "~" + regex.pattern();
        }
    }
}
