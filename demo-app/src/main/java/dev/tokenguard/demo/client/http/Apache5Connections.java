package dev.tokenguard.demo.client.http;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.core5.util.Timeout;

/** The connection settings of both Apache HttpClient 5 transports, classic and async. */
final class Apache5Connections {

    private Apache5Connections() {}

    /** Connecting and each socket read are bounded by the run's timeout. */
    static ConnectionConfig config(Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        return ConnectionConfig.custom()
                .setConnectTimeout(limit)
                .setSocketTimeout(limit)
                .build();
    }
}
