package dev.pdm.simulators.bench;

import dev.pdm.simulators.FleetSimulator;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.SimulatorHandle;
import dev.pdm.simulators.publish.PublishCounters;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishing to a private Mosquitto on this machine.
 *
 * <ul>
 *   <li>{@code max [devices] [sites] [simulatedMinutes]}: simulated time runs far ahead, so the run
 *       publishes as fast as it can; reports the sustained rate.
 *   <li>{@code schedule [devices] [sites] [wallSeconds]}: real time (1x) at a 60 s telemetry
 *       period; reports the achieved rate against the schedule and the worst lag behind it.
 * </ul>
 */
public final class PublishBench {

  private PublishBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "max";
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int sites = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int amount = args.length > 3 ? Integer.parseInt(args[3]) : (mode.equals("max") ? 120 : 120);
    boolean max = mode.equals("max");
    try (MosquittoBroker broker = MosquittoBroker.start()) {
      SimulatorConfig config =
          SimulatorConfig.builder()
              .devices(devices)
              .sites(sites)
              .scenario("mixed")
              .simStart(Instant.parse("2025-06-01T00:00:00Z"))
              .simDuration(max ? Duration.ofMinutes(amount) : Duration.ofDays(30))
              .speed(max ? 1_000_000 : 1)
              .telemetryPeriod(Duration.ofSeconds(60))
              .brokerUrl(broker.url())
              .outputDir(Path.of("target", "bench"))
              .clientIdPrefix("bench")
              .build();
      long start = System.nanoTime();
      SimulatorHandle handle = FleetSimulator.start(config);
      long connected = System.nanoTime();
      long runStart = connected;
      if (max) {
        handle.awaitFinished(Duration.ofHours(1));
        handle.awaitDrained(Duration.ofMinutes(5));
      } else {
        // skip the first minute: every device's first report lands in it, spread by phase
        Thread.sleep(60_000);
        runStart = System.nanoTime();
        long before = handle.counters().snapshot().generated();
        Thread.sleep(amount * 1000L);
        long after = handle.counters().snapshot().generated();
        double seconds = (System.nanoTime() - runStart) / 1e9;
        System.out.printf(
            "schedule: %d devices, %d sites, 60 s period: target %,.0f msg/s, achieved %,.0f"
                + " msg/s over %.0f s, max lag behind schedule %d ms%n",
            devices,
            sites,
            devices / 60.0,
            (after - before) / seconds,
            seconds,
            handle.maxLagMillis());
      }
      double seconds = (System.nanoTime() - runStart) / 1e9;
      handle.stop();
      PublishCounters.Snapshot c = handle.counters().snapshot();
      if (max) {
        System.out.printf(
            "max: %d devices, %d sites (connect %.1f s): %,d messages (%,d alarms) in %.1f s ="
                + " %,.0f msg/s; telemetry dropped %d%n",
            devices,
            sites,
            (connected - start) / 1e9,
            c.generated(),
            c.alarmFramesPublished(),
            seconds,
            c.generated() / seconds,
            c.telemetryDropped());
      }
      System.out.println(c);
    }
  }
}
