package dev.pdm.stream.job;

import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.stream.correlation.CorrelationConfig;
import dev.pdm.stream.correlation.CorrelationOutputs;
import dev.pdm.stream.correlation.CorrelationTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The middle of the job between decoding and the sinks. Production uses {@link
 * CorrelationTopology}; pipeline tests pass a stand-in so that they prove delivery through source,
 * decoding and sinks independently of the correlation semantics.
 */
@FunctionalInterface
public interface Correlation {

  /** Inputs carry event-time timestamps and watermarks. */
  CorrelationOutputs apply(DataStream<AlarmEvent> alarms, DataStream<TelemetryReading> telemetry);

  static Correlation of(CorrelationConfig config) {
    return (alarms, telemetry) -> CorrelationTopology.build(alarms, telemetry, config);
  }
}
