package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.StoreLocation;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A redis-server of the test's own on a free loopback port, never the machine's 6379, so that the
 * test can kill it ({@code SIGKILL}) and start it again on the same port. It keeps nothing on disk:
 * a restart comes back empty, as a Redis without persistence does.
 *
 * <p>The binary is {@code $REDIS_SERVER}, else {@code /usr/bin/redis-server}, else the one on the
 * PATH. {@link #startTls} starts one that speaks TLS only and asks for a password;
 * {@link #startReplicaOf} a replica, {@link #startSentinel} a Sentinel watching a master.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long START_MILLIS = 10_000;

    private final String binary;
    private final int port;
    private final Path dir;
    private final List<String> listen;
    private final JedisClientConfig client;
    /** A Sentinel's configuration file, which it rewrites as it learns; null for a server. */
    private final Path sentinelConfig;
    private Process process;

    private RedisServerProcess(String binary, int port, Path dir, List<String> listen, JedisClientConfig client) {
        this(binary, port, dir, listen, client, null);
    }

    private RedisServerProcess(String binary, int port, Path dir, List<String> listen, JedisClientConfig client,
            Path sentinelConfig) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.listen = listen;
        this.client = client;
        this.sentinelConfig = sentinelConfig;
    }

    /**
     * One that wants a client certificate signed by {@code clientCa} on its TLS port, {@link #tlsPort()},
     * presenting {@code certificate} (PEM, with its PEM {@code key}); {@code password} on both ports.
     * {@link #with} uses the plain port, {@link #port()}, for the test to look at the keys.
     */
    public static RedisServerProcess startTlsAuthenticatingClients(Path certificate, Path key, Path clientCa,
            String password) throws IOException, InterruptedException {
        int port = freePort();
        int tlsPort = freePort();
        RedisServerProcess redis = new RedisServerProcess(binary(), port, Files.createTempDirectory("tokenguard-redis"),
                List.of("--port", Integer.toString(port), "--tls-port", Integer.toString(tlsPort), "--tls-cert-file",
                        certificate.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
                        clientCa.toString(), "--tls-auth-clients", "yes", "--requirepass", password),
                DefaultJedisClientConfig.builder().timeoutMillis(2000).password(password).build());
        redis.restart();
        return redis;
    }

    /** The TLS port of {@link #startTlsAuthenticatingClients}. */
    public int tlsPort() {
        return Integer.parseInt(listen.get(listen.indexOf("--tls-port") + 1));
    }

    /** A replica of {@code master}, without persistence as every server here. */
    public static RedisServerProcess startReplicaOf(RedisServerProcess master) throws IOException, InterruptedException {
        int port = freePort();
        RedisServerProcess redis = new RedisServerProcess(binary(), port, Files.createTempDirectory("tokenguard-redis"),
                List.of("--port", Integer.toString(port), "--replicaof", "127.0.0.1", Integer.toString(master.port)),
                DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
        redis.restart();
        return redis;
    }

    /**
     * A Sentinel watching {@code master} as {@code masterName}, with a quorum of {@code quorum}: it
     * holds the master down after 1 s without an answer, so a failover takes a few seconds.
     */
    public static RedisServerProcess startSentinel(String masterName, RedisServerProcess master, int quorum)
            throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createTempDirectory("tokenguard-sentinel");
        Path config = dir.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "sentinel monitor " + masterName + " 127.0.0.1 " + master.port + " " + quorum,
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 5000", ""));
        RedisServerProcess sentinel = new RedisServerProcess(binary(), port, dir,
                List.of("--port", Integer.toString(port)), DefaultJedisClientConfig.builder().timeoutMillis(2000).build(),
                config);
        sentinel.restart();
        return sentinel;
    }

    public static RedisServerProcess start() throws IOException, InterruptedException {
        int port = freePort();
        RedisServerProcess redis = new RedisServerProcess(binary(), port, Files.createTempDirectory("tokenguard-redis"),
                List.of("--port", Integer.toString(port)), DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
        redis.restart();
        return redis;
    }

    /**
     * One that speaks TLS only, presenting {@code certificate} (PEM, with its PEM {@code key}), and
     * wants {@code password}; {@link #with} connects through {@code trusting}.
     */
    public static RedisServerProcess startTls(Path certificate, Path key, SSLSocketFactory trusting, String password)
            throws IOException, InterruptedException {
        int port = freePort();
        RedisServerProcess redis = new RedisServerProcess(binary(), port, Files.createTempDirectory("tokenguard-redis"),
                List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", certificate.toString(),
                        "--tls-key-file", key.toString(), "--tls-ca-cert-file", certificate.toString(),
                        "--tls-auth-clients", "no", "--requirepass", password),
                DefaultJedisClientConfig.builder().timeoutMillis(2000).ssl(true).sslSocketFactory(trusting)
                        .password(password).build());
        redis.restart();
        return redis;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            return "/usr/bin/redis-server";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed (apt-get install redis-server, or set "
                + "REDIS_SERVER): the cluster-mode tests start one of their own");
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public StoreLocation.Redis location() {
        return new StoreLocation.Redis(false, "127.0.0.1", port, null, null, 0);
    }

    /** Starts it (again) on the same port, and returns once it answers PING. */
    public synchronized void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is running already on " + port);
        }
        List<String> command = new ArrayList<>(List.of(binary));
        if (sentinelConfig != null) {
            command.addAll(List.of(sentinelConfig.toString(), "--sentinel"));
        } else {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        command.addAll(List.of("--bind", "127.0.0.1", "--dir", dir.toString()));
        command.addAll(listen);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (true) {
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), client)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("redis-server did not start on " + port + ":\n"
                            + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    /** {@code SIGKILL}, as a crash or a pulled plug: clients see the connection reset. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Runs {@code command} on a connection of its own (to look at the keys). */
    public <T> T with(Function<Jedis, T> command) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), client)) {
            return command.apply(jedis);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
