package dev.pdm.simulators.bench;

import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.generator.MessageGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Generator throughput: messages per second the pure core produces (physics, fault plan, JSON
 * encoding) for a fleet, with no broker. Arguments: devices (default 10000), simulated hours per
 * round (default 6), rounds (default 5; the first is warm-up and not reported).
 */
public final class GeneratorBench {

  private GeneratorBench() {}

  public static void main(String[] args) {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    SimulatorConfig config =
        SimulatorConfig.builder()
            .devices(devices)
            .scenario("mixed")
            .simDuration(Duration.ofHours(hours))
            .telemetryPeriod(Duration.ofSeconds(60))
            .outputDir(Path.of("target", "bench"))
            .build();
    Simulation simulation = Simulation.plan(config, Instant.parse("2025-06-01T00:00:00Z"));
    System.out.printf(
        "generator: %d devices, %d sites, %d h simulated per round, telemetry every 60 s%n",
        devices, simulation.fleet().sites().size(), hours);
    for (int round = 0; round < rounds; round++) {
      MessageGenerator generator = simulation.newGenerator();
      long[] bytes = new long[1];
      long start = System.nanoTime();
      long count = generator.advanceTo(Long.MAX_VALUE, m -> bytes[0] += m.payload().length);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%s %d: %,d messages in %.2f s = %,.0f msg/s (%.0f bytes/msg)%n",
          round == 0 ? "warm-up" : "round",
          round,
          count,
          seconds,
          count / seconds,
          bytes[0] / (double) count);
    }
  }
}
