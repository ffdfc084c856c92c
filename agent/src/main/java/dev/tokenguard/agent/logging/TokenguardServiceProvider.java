package dev.tokenguard.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent's SLF4J binding, found by the bundled (relocated) SLF4J through
 * {@code META-INF/services}. It replaces slf4j-simple, whose date format loaded time-zone and
 * locale data at premain (issue 10). The application's own SLF4J never sees it: the shade plugin
 * renames the service file along with the SLF4J classes.
 */
public final class TokenguardServiceProvider implements SLF4JServiceProvider {

    /** The SLF4J API this provider is built against: 2.0.x. */
    private static final String REQUESTED_API_VERSION = "2.0.99";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    @Override
    public void initialize() {
        loggerFactory = TokenguardLoggerFactory.shared();
        markerFactory = new BasicMarkerFactory();
        // The agent puts nothing in an MDC.
        mdcAdapter = new NOPMDCAdapter();
    }
}
