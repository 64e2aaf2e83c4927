package dev.pdm.simulators;

import dev.pdm.simulators.clock.SimClock;
import dev.pdm.simulators.publish.PacedRun;
import dev.pdm.simulators.publish.PublishCounters;
import dev.pdm.simulators.publish.SitePublisher;
import dev.pdm.simulators.scenario.GroundTruthFault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A running simulation. {@link #stop()} publishes what is in flight, then disconnects. */
public final class SimulatorHandle implements AutoCloseable {

  private final Simulation simulation;
  private final SimClock clock;
  private final PacedRun run;
  private final Thread thread;
  private final Map<String, SitePublisher> publishers;
  private final PublishCounters counters;
  private boolean stopped;

  SimulatorHandle(
      Simulation simulation,
      SimClock clock,
      PacedRun run,
      Thread thread,
      Map<String, SitePublisher> publishers,
      PublishCounters counters) {
    this.simulation = simulation;
    this.clock = clock;
    this.run = run;
    this.thread = thread;
    this.publishers = publishers;
    this.counters = counters;
  }

  public Simulation simulation() {
    return simulation;
  }

  public Path registryCsv() {
    return simulation.config().registryCsv();
  }

  public Path registryJson() {
    return simulation.config().registryJson();
  }

  public Path groundTruth() {
    return simulation.config().groundTruth();
  }

  public List<GroundTruthFault> faults() {
    return simulation.plan().faults();
  }

  public PublishCounters counters() {
    return counters;
  }

  public SimClock clock() {
    return clock;
  }

  /** Simulated instant up to which every message has been handed to the broker clients. */
  public Instant simulatedUpTo() {
    return Instant.ofEpochMilli(run.simulatedUpTo());
  }

  /** The longest the run was behind its schedule, in wall-clock milliseconds. */
  public long maxLagMillis() {
    return run.maxLagMillis();
  }

  /** Whether the whole simulated duration has been generated and handed over. */
  public boolean isFinished() {
    return run.isFinished();
  }

  /** What stopped the run before its end (a publisher failure), if anything. */
  public java.util.Optional<Throwable> failure() {
    return java.util.Optional.ofNullable(run.failure());
  }

  /** Waits for the run to end (normally or by failure); true if it ended in time. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return run.awaitFinished(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until every client has no message in flight or buffered; true if drained in time. */
  public boolean awaitDrained(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SitePublisher p : publishers.values()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0 || !p.drain(left)) {
        return false;
      }
    }
    return true;
  }

  /** Stops generating, gives in-flight alarms a few seconds to be acknowledged, disconnects. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    run.stop();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitDrained(Duration.ofSeconds(10));
    publishers.values().forEach(SitePublisher::close);
  }

  @Override
  public void close() {
    stop();
  }
}
