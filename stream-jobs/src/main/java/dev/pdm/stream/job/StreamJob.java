package dev.pdm.stream.job;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.stream.correlation.CorrelationOutputs;
import dev.pdm.stream.correlation.WireTypes;
import dev.pdm.stream.mqtt.MqttRecord;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The job's topology: MQTT source, decoding (dead letters aside), event-time watermarks on device
 * time, correlation, and the sinks. Sources and sinks come in through the constructor so tests pass
 * their own; {@link StreamJobMain} wires the production ones.
 */
public final class StreamJob {

  /** The sinks of the job. */
  public record Sinks(
      Sink<Incident> incidents,
      Sink<BatchRiskSignal> batchRisk,
      Sink<TelemetryReading> telemetry,
      Sink<DeadLetter> deadLetters) {

    public Sinks {
      Objects.requireNonNull(incidents, "incidents");
      Objects.requireNonNull(batchRisk, "batchRisk");
      Objects.requireNonNull(telemetry, "telemetry");
      Objects.requireNonNull(deadLetters, "deadLetters");
    }
  }

  /** Bounded out-of-orderness on device time; idleness so a silent reader does not stall time. */
  public record Watermarks(Duration outOfOrderness, Duration idleness) {}

  public static final String JOB_NAME = "pdm-stream";

  private final Source<MqttRecord, ?, ?> source;
  private final Sinks sinks;
  private final Correlation correlation;
  private final Watermarks watermarks;
  private final int sourceParallelism;

  public StreamJob(
      Source<MqttRecord, ?, ?> source,
      Sinks sinks,
      Correlation correlation,
      Watermarks watermarks) {
    this(source, sinks, correlation, watermarks, 0);
  }

  private StreamJob(
      Source<MqttRecord, ?, ?> source,
      Sinks sinks,
      Correlation correlation,
      Watermarks watermarks,
      int sourceParallelism) {
    this.source = Objects.requireNonNull(source, "source");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.correlation = Objects.requireNonNull(correlation, "correlation");
    this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
    if (sourceParallelism < 0) {
      throw new IllegalArgumentException("sourceParallelism must be >= 0");
    }
    this.sourceParallelism = sourceParallelism;
  }

  /**
   * The same job with the source at its own parallelism ({@code 0}: the environment's). One MQTT
   * reader subscribes plainly and so survives a broker that forgets shared subscriptions.
   */
  public StreamJob withSourceParallelism(int parallelism) {
    return new StreamJob(source, sinks, correlation, watermarks, parallelism);
  }

  /** Adds the topology to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<MqttRecord> raw =
        env.fromSource(
                source,
                WatermarkStrategy.noWatermarks(),
                "mqtt-source",
                TypeInformation.of(MqttRecord.class))
            .uid("mqtt-source");
    SingleOutputStreamOperator<Either<AlarmEvent, TelemetryReading>> decoded =
        raw.process(new DecodeCentralMessages(), DecodeCentralMessages.DECODED)
            .name("decode")
            .uid("decode");

    // One watermark on device time over alarms and telemetry together, right after decoding: the
    // steady telemetry moves event time on, so an alarm is correlated as soon as readings 30 s of
    // device time newer have arrived, not only when the next alarm anywhere does (alarms are
    // sparse; with a watermark of their own a lone alarm waited for the idleness timeout).
    SingleOutputStreamOperator<Either<AlarmEvent, TelemetryReading>> timed =
        decoded
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Either<AlarmEvent, TelemetryReading>>forBoundedOutOfOrderness(
                        watermarks.outOfOrderness())
                    .withTimestampAssigner((event, ts) -> deviceTime(event))
                    .withIdleness(watermarks.idleness()))
            .name("device-time-watermarks")
            .uid("device-time-watermarks");
    SingleOutputStreamOperator<AlarmEvent> alarms =
        timed
            .flatMap(
                (FlatMapFunction<Either<AlarmEvent, TelemetryReading>, AlarmEvent>)
                    (event, out) -> {
                      if (event.isLeft()) {
                        out.collect(event.left());
                      }
                    })
            .returns(WireTypes.ALARM)
            .name("alarms")
            .uid("alarms");
    SingleOutputStreamOperator<TelemetryReading> telemetry =
        timed
            .flatMap(
                (FlatMapFunction<Either<AlarmEvent, TelemetryReading>, TelemetryReading>)
                    (event, out) -> {
                      if (event.isRight()) {
                        out.collect(event.right());
                      }
                    })
            .returns(WireTypes.TELEMETRY)
            .name("telemetry")
            .uid("telemetry");

    // The source, decoding, watermarks and the split into alarms and telemetry run at one
    // parallelism, chained: a reader hands each site's messages on in the order it received them,
    // up to the keyBy on site. At another parallelism Flink would deal them round-robin over
    // parallel decoders, and a site's alarms could reach correlation out of order, by more than the
    // allowed lateness when a gateway flushes hours of queue in a burst. (Set before the
    // correlation is wired: its enrichment takes the parallelism of its input.)
    if (sourceParallelism > 0) {
      for (SingleOutputStreamOperator<?> op : List.of(raw, decoded, timed, alarms, telemetry)) {
        op.setParallelism(sourceParallelism);
      }
    }

    decoded
        .getSideOutput(DecodeCentralMessages.DEAD_LETTERS)
        .sinkTo(sinks.deadLetters())
        .name("dead-letter-sink")
        .uid("dead-letter-sink");

    CorrelationOutputs out = correlation.apply(alarms, telemetry);
    out.incidents().sinkTo(sinks.incidents()).name("incident-sink").uid("incident-sink");
    out.batchRisk().sinkTo(sinks.batchRisk()).name("batch-risk-sink").uid("batch-risk-sink");
    out.enrichedTelemetry()
        .sinkTo(sinks.telemetry())
        .name("time-series-sink")
        .uid("time-series-sink");
  }

  /** Builds the topology and submits it without waiting for it to end. */
  public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
    build(env);
    return env.executeAsync(JOB_NAME);
  }

  private static long deviceTime(Either<AlarmEvent, TelemetryReading> event) {
    return (event.isLeft() ? event.left().deviceTime() : event.right().deviceTime()).toEpochMilli();
  }
}
