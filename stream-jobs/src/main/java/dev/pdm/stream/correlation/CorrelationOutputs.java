package dev.pdm.stream.correlation;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What correlation hands to the sinks: fault and predictive incidents, batch-risk signals, and the
 * telemetry enriched with batch for the time-series store.
 */
public record CorrelationOutputs(
    DataStream<Incident> incidents,
    DataStream<BatchRiskSignal> batchRisk,
    DataStream<TelemetryReading> enrichedTelemetry) {}
