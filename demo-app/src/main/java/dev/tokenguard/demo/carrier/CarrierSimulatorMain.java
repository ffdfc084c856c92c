package dev.tokenguard.demo.carrier;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator until killed. Once it listens it prints exactly one line, for scripts to parse:
 *
 * <pre>
 * carrier-simulator listening on http://127.0.0.1:PORT
 * carrier-simulator listening on http://127.0.0.1:PORT https://127.0.0.1:PORT truststore=PATH truststore-password=PW
 * </pre>
 *
 * (the second form with {@code --https-port}). A bad flag prints one line naming it to stderr and
 * exits with 2; a port that cannot be bound exits with 1. Flags: {@link SimulatorFlags#USAGE}.
 */
public final class CarrierSimulatorMain {
  private CarrierSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimulatorFlags flags;
    try {
      flags = SimulatorFlags.parse(args);
    } catch (FlagException e) {
      System.err.println("carrier-simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (flags.helpRequested()) {
      System.out.print(SimulatorFlags.USAGE);
      return;
    }
    CarrierSimulator.Builder builder = CarrierSimulator.builder(flags.settings()).httpPort(flags.httpPort());
    SelfSignedTls tls = null;
    if (flags.httpsPort().isPresent()) {
      tls = SelfSignedTls.generate();
      builder.https(tls).httpsPort(flags.httpsPort().getAsInt());
    }
    CarrierSimulator simulator;
    try {
      simulator = builder.start();
    } catch (UncheckedIOException e) {
      System.err.println("carrier-simulator: " + e.getMessage() + ": " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "carrier-simulator-shutdown"));
    System.out.println(readyLine(simulator, tls));
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static String readyLine(CarrierSimulator simulator, SelfSignedTls tls) {
    String line = "carrier-simulator listening on " + simulator.baseUrl();
    if (tls == null) {
      return line;
    }
    return line + " " + simulator.httpsBaseUrl()
        + " truststore=" + tls.trustStorePath()
        + " truststore-password=" + tls.password();
  }
}
