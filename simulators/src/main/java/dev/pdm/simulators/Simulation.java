package dev.pdm.simulators;

import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.simulators.fleet.Fleet;
import dev.pdm.simulators.fleet.FleetGenerator;
import dev.pdm.simulators.fleet.FleetSpec;
import dev.pdm.simulators.generator.MessageGenerator;
import dev.pdm.simulators.scenario.FaultPlan;
import dev.pdm.simulators.scenario.GroundTruthFiles;
import dev.pdm.simulators.scenario.Scenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A planned run: the fleet and the fault plan for a config, with nothing started. The harness can
 * read the registry and the ground truth before a single message is published.
 */
public record Simulation(SimulatorConfig config, Instant simStart, Fleet fleet, FaultPlan plan) {

  /** Generates the fleet and plans the faults; pure, nothing written. */
  public static Simulation plan(SimulatorConfig config, Instant simStart) {
    Fleet fleet =
        FleetGenerator.generate(
            new FleetSpec(
                config.seed(),
                config.inverters(),
                config.batteries(),
                config.chargers(),
                config.effectiveSites(),
                config.customers(),
                config.serialPrefix(),
                simStart.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate()));
    long from = simStart.toEpochMilli();
    FaultPlan plan =
        Scenarios.plan(
            config.scenario(),
            fleet,
            config.params(),
            config.seed(),
            from,
            from + config.simDuration().toMillis());
    return new Simulation(config, simStart, fleet, plan);
  }

  /** Writes registry.csv, registry.json and ground-truth.jsonl into the output directory. */
  public Simulation writeFiles() {
    try {
      Files.createDirectories(config.outputDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeviceRegistryFiles.writeCsv(config.registryCsv(), fleet.registry());
    DeviceRegistryFiles.writeJson(config.registryJson(), fleet.registry());
    GroundTruthFiles.write(config.groundTruth(), plan.faults());
    return this;
  }

  /** A fresh generator over the whole planned range. */
  public MessageGenerator newGenerator() {
    return new MessageGenerator(
        fleet,
        plan,
        config.seed(),
        config.telemetryPeriod(),
        config.telemetryQos(),
        config.alarmRefreshPeriod());
  }
}
