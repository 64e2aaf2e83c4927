package dev.pdm.stream.correlation;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The correlation part of the job: enrichment, per-device incidents, predictive detectors and batch
 * risk. The job wiring passes sources with timestamps and watermarks already assigned.
 */
public final class CorrelationTopology {

  private CorrelationTopology() {}

  public static CorrelationOutputs build(
      DataStream<AlarmEvent> alarms,
      DataStream<TelemetryReading> telemetry,
      CorrelationConfig config) {
    DataStream<Incident> incidents =
        alarms
            .flatMap((FlatMapFunction<AlarmEvent, Incident>) (a, out) -> {})
            .returns(WireTypes.INCIDENT)
            .name("incidents");
    DataStream<BatchRiskSignal> batchRisk =
        incidents
            .flatMap((FlatMapFunction<Incident, BatchRiskSignal>) (i, out) -> {})
            .returns(WireTypes.BATCH_RISK)
            .name("batch-risk");
    return new CorrelationOutputs(incidents, batchRisk, telemetry);
  }
}
