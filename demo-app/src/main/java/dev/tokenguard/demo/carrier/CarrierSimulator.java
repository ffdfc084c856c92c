package dev.tokenguard.demo.carrier;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * FedEx's and UPS's token endpoints and a few API routes on a real HTTP (and optionally HTTPS) server
 * on 127.0.0.1, enforcing the carriers' token thresholds. Start one per test, on free ports:
 *
 * <pre>{@code
 * try (CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
 *   String tokenUrl = sim.baseUrl() + "/oauth/token";
 *   ...
 *   assertEquals(1, sim.stats().fedex().tokensIssued());
 * }
 * }</pre>
 */
public final class CarrierSimulator implements AutoCloseable {
  /** Enough threads that 200 concurrent callers, some held by latency or hangs, are all served at once. */
  private static final int THREADS = 256;
  private static final int BACKLOG = 256;

  static {
    // JDK quirk: HttpServer writes a response's headers and body as separate TCP segments, so with
    // Nagle's algorithm on, the body waits for the client's delayed ACK: about 40 ms per response.
    // The server reads this switch once, when its classes load, hence a static initializer here.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Object settingsLock = new Object();
  private volatile SimulatorSettings settings;
  private final CarrierState fedex;
  private final CarrierState ups;
  private final ThreadPoolExecutor executor;
  private final HttpServer http;
  private final HttpsServer https;

  private CarrierSimulator(Builder builder) throws IOException {
    this.settings = builder.settings;
    this.fedex = new CarrierState(Carrier.FEDEX, this::settings, builder.time, new FedExErrorReplies());
    this.ups = new CarrierState(Carrier.UPS, this::settings, builder.time, new UpsErrorReplies());
    this.executor = newExecutor();
    Router router = new Router(SimulatorRoutes.of(fedex, ups, this::stats, this::reset));
    // Not getLoopbackAddress(): that can be ::1, and baseUrl() promises 127.0.0.1.
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    this.http = HttpServer.create(new InetSocketAddress(loopback, builder.httpPort), BACKLOG);
    http.createContext("/", router);
    http.setExecutor(executor);
    try {
      this.https = builder.tls == null ? null : newHttpsServer(loopback, builder, router);
    } catch (IOException | RuntimeException e) {
      // The HTTP port is bound already; release it rather than leak it with the failed simulator.
      http.stop(0);
      executor.shutdownNow();
      throw e;
    }
  }

  private HttpsServer newHttpsServer(InetAddress loopback, Builder builder, Router router) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback, builder.httpsPort), BACKLOG);
    server.setHttpsConfigurator(new HttpsConfigurator(builder.tls.serverSslContext()));
    server.createContext("/", router);
    server.setExecutor(executor);
    return server;
  }

  /** HTTP only, on a free port, on the real clock. */
  public static CarrierSimulator start(SimulatorSettings settings) {
    return builder(settings).start();
  }

  public static Builder builder(SimulatorSettings settings) {
    return new Builder(settings);
  }

  public int httpPort() {
    return http.getAddress().getPort();
  }

  /** @throws IllegalStateException if the simulator was started without HTTPS */
  public int httpsPort() {
    return httpsServer().getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  /** {@code https://127.0.0.1:<port>}, without a trailing slash. */
  public String httpsBaseUrl() {
    return "https://127.0.0.1:" + httpsPort();
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Changes the settings while running; calls that arrive afterwards see the new ones. */
  public void updateSettings(Consumer<SimulatorSettings.Builder> change) {
    synchronized (settingsLock) {
      SimulatorSettings.Builder builder = settings.toBuilder();
      change.accept(builder);
      settings = builder.build();
    }
  }

  /** Answers the carrier's next {@code times} token calls that pass the thresholds with {@code fault}. */
  public void injectTokenFaults(Carrier carrier, TokenFault fault, int times) {
    state(carrier).faults().add(fault, times);
  }

  public SimulatorStats stats() {
    return new SimulatorStats(fedex.stats(), ups.stats());
  }

  /** Clears counts, call histories, bans and queued faults; issued tokens stay valid. */
  public void reset() {
    fedex.reset();
    ups.reset();
  }

  @Override
  public void close() {
    http.stop(0);
    if (https != null) {
      https.stop(0);
    }
    // Interrupts calls held by latency or a hang, which then end without an answer.
    executor.shutdownNow();
  }

  private CarrierState state(Carrier carrier) {
    return carrier == Carrier.FEDEX ? fedex : ups;
  }

  private HttpsServer httpsServer() {
    if (https == null) {
      throw new IllegalStateException("the simulator was started without HTTPS");
    }
    return https;
  }

  private void startServers() {
    http.start();
    if (https != null) {
      https.start();
    }
  }

  private static ThreadPoolExecutor newExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, "carrier-simulator-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    // Idle threads go away, so a quiet simulator holds none.
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** Where and how to listen; behaviour is in {@link SimulatorSettings}. */
  public static final class Builder {
    private final SimulatorSettings settings;
    private int httpPort;
    private int httpsPort;
    private SelfSignedTls tls;
    private TimeSource time = TimeSource.SYSTEM;

    private Builder(SimulatorSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** 0, the default, picks a free port. */
    public Builder httpPort(int port) {
      httpPort = port;
      return this;
    }

    /** Also listens on HTTPS, with this certificate. */
    public Builder https(SelfSignedTls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** 0, the default, picks a free port; only used with {@link #https(SelfSignedTls)}. */
    public Builder httpsPort(int port) {
      httpsPort = port;
      return this;
    }

    /** For tests that step the clock; rules, bans, expiry and the stats all read it. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    public CarrierSimulator start() {
      try {
        CarrierSimulator simulator = new CarrierSimulator(this);
        simulator.startServers();
        return simulator;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen", e);
      }
    }
  }
}
