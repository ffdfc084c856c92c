package dev.tokenguard.core.jmx;

import dev.tokenguard.core.broker.Fingerprints;
import dev.tokenguard.core.config.Durations;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.policy.BlockSpec;
import dev.tokenguard.core.policy.BlockView;
import dev.tokenguard.core.policy.PolicyAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import javax.management.NotCompliantMBeanException;

/**
 * {@link BlocksMBean} over the admin's {@link dev.tokenguard.core.policy.BlockControl}. JMX passes
 * plain strings, so "any" is the empty string here and becomes null in the {@link BlockSpec}.
 */
final class BlocksBean extends DescribedBean implements BlocksMBean {
    /** Headers whose values are credentials: a block on one shows the value's fingerprint only. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final PolicyAdmin admin;

    BlocksBean(PolicyAdmin admin) throws NotCompliantMBeanException {
        super(BlocksMBean.class);
        this.admin = admin;
    }

    @Override
    public String[] getBlocks() {
        return admin.blocks().blocks().stream().map(BlocksBean::line).toArray(String[]::new);
    }

    /** @throws IllegalArgumentException whose message begins with the argument at fault */
    @Override
    public String block(String carrier, String method, String pathGlob, String header, String duration, String reason) {
        String carrierOrAll = blank(carrier) ? PolicyConfig.ALL_CARRIERS : carrier.strip();
        String upperMethod = blank(method) ? null : method.strip().toUpperCase(Locale.ROOT);
        if (upperMethod != null && !upperMethod.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("method: \"" + method + "\" is not an HTTP method such as GET or POST");
        }
        if (!blank(header) && header.indexOf('=') <= 0) {
            throw new IllegalArgumentException("header: write Name=Value, such as X-Tenant=acme");
        }
        Duration lasting;
        try {
            lasting = blank(duration) ? null : Durations.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration: " + e.getMessage());
        }
        return admin.blocks().block(new BlockSpec(carrierOrAll, upperMethod, blank(pathGlob) ? null : pathGlob.strip(),
                blank(header) ? null : header.strip(), lasting, reason == null ? null : reason.strip()));
    }

    @Override
    public boolean unblock(String id) {
        return id != null && admin.blocks().unblock(id.strip());
    }

    /** {@code b1  carrier=fedex method=POST path=/ship/** header=any  until 2026-12-04T10:30:00Z  refused 3  reason: ...}. */
    static String line(BlockView block) {
        BlockSpec spec = block.spec();
        return block.id() + "  carrier=" + spec.carrier() + " method=" + any(spec.method()) + " path="
                + any(spec.pathGlob()) + " header=" + shown(spec.header()) + "  "
                + (block.expiresAtEpochMillis() == 0 ? "until unblocked"
                        : "until " + Instant.ofEpochMilli(block.expiresAtEpochMillis()))
                + "  refused " + block.refused() + "  reason: " + spec.reason();
    }

    private static String shown(String header) {
        if (header == null) {
            return "any";
        }
        int equals = header.indexOf('=');
        String name = header.substring(0, equals);
        return SECRET_HEADERS.contains(name.strip().toLowerCase(Locale.ROOT))
                ? name + "=<fingerprint " + Fingerprints.of(header.substring(equals + 1)) + ">" : header;
    }

    private static String any(String value) {
        return value == null ? "any" : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    String instance() {
        return "";
    }
}
