package dev.pdm.stream.correlation;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.stream.enrich.AlarmEnrichment;
import dev.pdm.stream.enrich.TelemetryEnrichment;
import dev.pdm.stream.predictive.TrendDetectorFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The correlation part of the job: enrichment, per-device incidents, predictive detectors and batch
 * risk. The job wiring passes sources with timestamps and watermarks already assigned.
 *
 * <pre>
 * alarms ----enrich--keyBy(site)--\
 *                                   SiteCorrelationFunction --> incidents (FAULT)
 * telemetry -enrich-+-keyBy(site)--/                                 |
 *                   |                                                v
 *                   +-keyBy(serial)--> predictive ---> incidents (PREDICTIVE)
 *                   |                                                |
 *                   '--> enrichedTelemetry          keyBy(batch, family) --> batch risk
 * </pre>
 */
public final class CorrelationTopology {

  private CorrelationTopology() {}

  public static CorrelationOutputs build(
      DataStream<AlarmEvent> alarms,
      DataStream<TelemetryReading> telemetry,
      CorrelationConfig config) {
    DataStream<AlarmEvent> enrichedAlarms =
        alarms
            .map(new AlarmEnrichment(config.registryFile(), config.registryRefresh()))
            .returns(WireTypes.ALARM)
            .name("enrich-alarms")
            .uid("enrich-alarms");
    DataStream<TelemetryReading> enrichedTelemetry =
        telemetry
            .map(new TelemetryEnrichment(config.registryFile(), config.registryRefresh()))
            .returns(WireTypes.TELEMETRY)
            .name("enrich-telemetry")
            .uid("enrich-telemetry");

    DataStream<Incident> faults =
        enrichedAlarms
            .keyBy(AlarmEvent::site)
            .connect(enrichedTelemetry.keyBy(TelemetryReading::site))
            .process(new SiteCorrelationFunction(config.incidents()), WireTypes.INCIDENT)
            .name("correlate-incidents")
            .uid("correlate-incidents");

    DataStream<Incident> predictions =
        enrichedTelemetry
            .keyBy(TelemetryReading::serial)
            .process(new TrendDetectorFunction(config.predictive()), WireTypes.INCIDENT)
            .name("predict-incidents")
            .uid("predict-incidents");

    DataStream<Incident> incidents = faults.union(predictions);
    DataStream<BatchRiskSignal> batchRisk =
        incidents
            .flatMap((FlatMapFunction<Incident, BatchRiskSignal>) (i, out) -> {})
            .returns(WireTypes.BATCH_RISK)
            .name("batch-risk");
    return new CorrelationOutputs(incidents, batchRisk, enrichedTelemetry);
  }
}
