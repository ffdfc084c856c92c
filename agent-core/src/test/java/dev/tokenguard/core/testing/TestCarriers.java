package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.ClientAuth;
import dev.tokenguard.core.config.Preset;
import dev.tokenguard.core.config.RateBand;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Carrier configurations for tests: the presets' values, each changeable. */
public final class TestCarriers {
    public static final URI FEDEX_TOKEN_URL = URI.create("https://apis.fedex.com/oauth/token");
    public static final URI UPS_TOKEN_URL = URI.create("https://onlinetools.ups.com/security/v1/oauth/token");

    private String id;
    private Preset preset;
    private Set<String> apiHosts;
    private URI tokenUrl;
    private String clientId;
    private String clientSecret;
    private Map<String, String> extraTokenParams = Map.of();
    private ClientAuth clientAuth;
    private Attach attach = Attach.MISSING;
    private Duration refreshAhead = Duration.ofMinutes(5);
    private Duration minInterval = Duration.ofSeconds(1);
    private List<RateBand> tokenRate = List.of(new RateBand(1, Duration.ofSeconds(1)), new RateBand(30, Duration.ofMinutes(2)));
    private Duration tokenWait = Duration.ofSeconds(2);
    private Duration tokenTimeout = Duration.ofSeconds(10);
    private int banStatus = 403;
    private Duration banDuration = Duration.ofMinutes(10);
    private boolean killSwitchOnAtStart;
    private String quotaGroup;
    private int refusalStatus = 503;
    private Duration defaultRetryAfter = Duration.ofSeconds(60);

    private TestCarriers() {}

    public static TestCarriers fedex() {
        TestCarriers c = new TestCarriers();
        c.id = "fedex";
        c.preset = Preset.FEDEX;
        c.apiHosts = Set.of("apis.fedex.com");
        c.tokenUrl = FEDEX_TOKEN_URL;
        c.clientAuth = ClientAuth.FORM;
        return c;
    }

    public static TestCarriers ups() {
        TestCarriers c = new TestCarriers();
        c.id = "ups";
        c.preset = Preset.UPS;
        c.apiHosts = Set.of("onlinetools.ups.com");
        c.tokenUrl = UPS_TOKEN_URL;
        c.clientAuth = ClientAuth.BASIC;
        return c;
    }

    public TestCarriers id(String value) {
        id = value;
        return this;
    }

    public TestCarriers apiHosts(String... hosts) {
        apiHosts = Set.of(hosts);
        return this;
    }

    public TestCarriers tokenUrl(String url) {
        tokenUrl = URI.create(url);
        return this;
    }

    public TestCarriers credentials(String id, String secret) {
        clientId = id;
        clientSecret = secret;
        return this;
    }

    public TestCarriers extraTokenParams(Map<String, String> params) {
        extraTokenParams = params;
        return this;
    }

    public TestCarriers clientAuth(ClientAuth value) {
        clientAuth = value;
        return this;
    }

    public TestCarriers attach(Attach value) {
        attach = value;
        return this;
    }

    public TestCarriers refreshAhead(Duration value) {
        refreshAhead = value;
        return this;
    }

    public TestCarriers minInterval(Duration value) {
        minInterval = value;
        return this;
    }

    public TestCarriers tokenRate(RateBand... bands) {
        tokenRate = List.of(bands);
        return this;
    }

    /** Bands too wide to matter, for tests about something else. */
    public TestCarriers unlimited() {
        return tokenRate(new RateBand(1_000_000, Duration.ofSeconds(1)));
    }

    public TestCarriers tokenWait(Duration value) {
        tokenWait = value;
        return this;
    }

    public TestCarriers tokenTimeout(Duration value) {
        tokenTimeout = value;
        return this;
    }

    public TestCarriers banDuration(Duration value) {
        banDuration = value;
        return this;
    }

    public TestCarriers killSwitchOnAtStart() {
        killSwitchOnAtStart = true;
        return this;
    }

    public TestCarriers quotaGroup(String value) {
        quotaGroup = value;
        return this;
    }

    public TestCarriers refusalStatus(int value) {
        refusalStatus = value;
        return this;
    }

    public TestCarriers defaultRetryAfter(Duration value) {
        defaultRetryAfter = value;
        return this;
    }

    public CarrierConfig build() {
        return new CarrierConfig(id, preset, apiHosts, tokenUrl, clientId, clientSecret, extraTokenParams, clientAuth,
                attach, refreshAhead, minInterval, tokenRate, tokenWait, tokenTimeout, banStatus, banDuration, killSwitchOnAtStart,
                quotaGroup != null ? quotaGroup : tokenUrl.getHost(), refusalStatus, defaultRetryAfter);
    }
}
