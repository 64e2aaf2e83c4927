package dev.pdm.stream.quality;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.stream.correlation.CorrelationConfig;
import dev.pdm.stream.job.Correlation;
import dev.pdm.stream.job.StreamJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One scored run: a simulator scenario planned and generated over its range, normalised by the
 * gateway's adapters, replayed from a file through the production topology of the job ({@link
 * StreamJob} with decoding, watermarks, {@link dev.pdm.stream.correlation.CorrelationTopology} at
 * its defaults) on the MiniCluster of the calling test, and scored against the ground truth. The
 * broker is left out: a simulated month is millions of messages, which the pipeline benchmark
 * covers separately.
 */
final class DetectionQuality {

  /** The production watermark settings (StreamJobConfig defaults). */
  static final StreamJob.Watermarks WATERMARKS =
      new StreamJob.Watermarks(Duration.ofSeconds(30), Duration.ofSeconds(60));

  /** What a run produced, with its score. */
  record Run(
      SimulatorConfig config,
      ScenarioFeed.Written fed,
      List<Incident> incidents,
      List<BatchRiskSignal> signals,
      List<DeadLetter> deadLetters,
      DetectionScore score,
      Duration generating,
      Duration replaying) {

    String report() {
      return score.report(
              String.format(
                  "%s seed=%d devices=%d/%d/%d (inverters/bms/chargers) telemetry every %s",
                  config.scenario(),
                  config.seed(),
                  config.inverters(),
                  config.batteries(),
                  config.chargers(),
                  config.telemetryPeriod()))
          + String.format(
              "  fed %d alarms + %d telemetry (%d rejected by the gateway's normaliser), %d"
                  + " incident versions, %d batch-risk versions, %d dead letters; generate %d s,"
                  + " replay %d s (%.0f events/s)%n",
              fed.alarms(),
              fed.telemetry(),
              fed.rejected(),
              incidents.size(),
              signals.size(),
              deadLetters.size(),
              generating.toSeconds(),
              replaying.toSeconds(),
              (fed.alarms() + fed.telemetry()) / Math.max(0.001, replaying.toMillis() / 1000.0));
    }
  }

  private DetectionQuality() {}

  /** The config's outputDir receives the registry, the ground truth and the records file. */
  static Run run(SimulatorConfig config, int parallelism) throws Exception {
    long t0 = System.nanoTime();
    Simulation sim = Simulation.plan(config, config.simStart()).writeFiles();
    ScenarioFeed.Written fed = ScenarioFeed.write(sim, config.outputDir().resolve("central.bin"));
    long t1 = System.nanoTime();

    String name = "quality-" + config.seed() + "-" + System.nanoTime();
    StreamJob job =
        new StreamJob(
            new RecordFileSource(fed.records()),
            new StreamJob.Sinks(
                new CollectingSink<Incident>(name + "-incidents"),
                new CollectingSink<BatchRiskSignal>(name + "-signals"),
                new DiscardingSink<>(),
                new CollectingSink<DeadLetter>(name + "-dead")),
            Correlation.of(CorrelationConfig.defaults(config.registryCsv())),
            WATERMARKS);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    job.build(env);
    env.execute("quality " + config.scenario());
    long t2 = System.nanoTime();

    List<Incident> incidents = List.copyOf(CollectingSink.<Incident>collected(name + "-incidents"));
    List<BatchRiskSignal> signals =
        List.copyOf(CollectingSink.<BatchRiskSignal>collected(name + "-signals"));
    List<DeadLetter> dead = List.copyOf(CollectingSink.<DeadLetter>collected(name + "-dead"));
    for (String suffix : List.of("-incidents", "-signals", "-dead")) {
      CollectingSink.forget(name + suffix);
    }
    Set<String> batches =
        DeviceRegistryFiles.read(config.registryCsv()).devices().stream()
            .map(DeviceFacts::batch)
            .collect(Collectors.toCollection(TreeSet::new));
    Instant from = config.simStart();
    Instant to = from.plus(config.simDuration());
    DetectionScore score =
        DetectionScore.of(sim.plan().faults(), batches, incidents, signals, from, to);
    return new Run(
        config,
        fed,
        incidents,
        signals,
        dead,
        score,
        Duration.ofNanos(t1 - t0),
        Duration.ofNanos(t2 - t1));
  }
}
