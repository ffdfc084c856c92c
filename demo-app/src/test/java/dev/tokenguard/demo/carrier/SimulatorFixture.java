package dev.tokenguard.demo.carrier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One simulator for all of a test class's tests: started with the class's settings, set back to a
 * fresh state (counters, bans, queued faults) before each test, and stopped after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatorFixture {
  CarrierSimulator sim;
  SimulatorClient client;

  /** The settings the simulator starts with. */
  abstract SimulatorSettings settings();

  @BeforeAll
  void startSimulator() {
    sim = CarrierSimulator.start(settings());
    client = new SimulatorClient(sim.baseUrl());
  }

  @AfterAll
  void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void resetSimulator() {
    sim.reset();
  }
}
