package dev.pdm.stream.job;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.correlation.CorrelationConfig;
import dev.pdm.stream.mqtt.MqttRecord;
import dev.pdm.stream.mqtt.MqttSink;
import dev.pdm.stream.mqtt.MqttSource;
import dev.pdm.stream.sink.TimeSeriesSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry points: {@link #main} for a Flink cluster (the job jar's entry class), {@link #runLocal}
 * for the launcher, which runs the job in-process and resumes from its own last checkpoint.
 */
public final class StreamJobMain {

  private static final Logger LOG = LoggerFactory.getLogger(StreamJobMain.class);

  /** Retained checkpoints per job run; older ones are deleted by Flink. */
  static final int RETAINED_CHECKPOINTS = 3;

  private StreamJobMain() {}

  public static void main(String[] args) throws Exception {
    StreamJobConfig config = StreamJobConfig.parse(args);
    LOG.info("starting {}", config);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(checkpointing(config));
    env.setParallelism(config.parallelism());
    production(config).build(env);
    env.execute(StreamJob.JOB_NAME);
  }

  /**
   * Runs the job on an in-process MiniCluster, checkpointing to {@code --checkpoint.dir} with
   * checkpoints retained on cancellation, and resuming from the newest complete one found there.
   * Cancel through the returned client to stop it.
   */
  public static JobClient runLocal(StreamJobConfig config) throws Exception {
    return runLocal(config, production(config));
  }

  /** {@link #runLocal(StreamJobConfig)} with another topology (tests, benchmarks). */
  public static JobClient runLocal(StreamJobConfig config, StreamJob job) throws Exception {
    if (config.checkpointDir() == null) {
      throw new IllegalArgumentException("--checkpoint.dir is required to run locally");
    }
    Configuration conf = checkpointing(config);
    Optional<Path> latest = LatestCheckpoint.in(Path.of(config.checkpointDir()));
    latest.ifPresent(
        chk -> {
          LOG.info("resuming from checkpoint {}", chk);
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString());
        });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
    return job.executeAsync(env);
  }

  static Configuration checkpointing(StreamJobConfig config) {
    Configuration conf = new Configuration();
    conf.set(
        CheckpointingOptions.CHECKPOINTING_INTERVAL,
        Duration.ofMillis(config.checkpointIntervalMs()));
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
    if (config.checkpointDir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointUri(config.checkpointDir()));
    }
    return conf;
  }

  private static String checkpointUri(String dir) {
    // A plain path is a local directory; anything with a scheme (s3://, file://) is used as is.
    return dir.contains("://") ? dir : Path.of(dir).toAbsolutePath().toUri().toString();
  }

  /** The production topology: MQTT in, correlation, MQTT and the time-series store out. */
  public static StreamJob production(StreamJobConfig config) {
    return new StreamJob(
            source(config),
            sinks(config),
            Correlation.of(CorrelationConfig.defaults(Path.of(config.registryPath()))),
            new StreamJob.Watermarks(config.watermarkOutOfOrderness(), config.watermarkIdleness()))
        .withSourceParallelism(config.sourceParallelism());
  }

  public static MqttSource source(StreamJobConfig config) {
    return new MqttSource(
        config.sourceMqtt(),
        config.mqttSharedGroup(),
        List.of(Topics.CENTRAL_ALARMS_FILTER, Topics.CENTRAL_TELEMETRY_FILTER));
  }

  public static StreamJob.Sinks sinks(StreamJobConfig config) {
    String deadLetterTopic = Topics.deadLetter(DecodeCentralMessages.SOURCE_NAME);
    return new StreamJob.Sinks(
        MqttSink.<Incident>json(config.sinkMqtt("incidents"), Topics.INCIDENTS),
        MqttSink.<BatchRiskSignal>json(config.sinkMqtt("batch-risk"), Topics.BATCH_RISK),
        new TimeSeriesSink(config.timeSeries()),
        new MqttSink<DeadLetter>(
            config.sinkMqtt("dead-letters"),
            letter -> new MqttRecord(deadLetterTopic, EventCodec.encode(letter))));
  }
}
