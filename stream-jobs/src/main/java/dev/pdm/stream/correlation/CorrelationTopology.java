package dev.pdm.stream.correlation;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.stream.batchrisk.BatchRiskConfig;
import dev.pdm.stream.batchrisk.BatchRiskFunction;
import dev.pdm.stream.batchrisk.FailureObservation;
import dev.pdm.stream.batchrisk.FleetBaselineFunction;
import dev.pdm.stream.batchrisk.FleetRate;
import dev.pdm.stream.enrich.AlarmEnrichment;
import dev.pdm.stream.enrich.TelemetryEnrichment;
import dev.pdm.stream.predictive.SiteAmbientFunction;
import dev.pdm.stream.predictive.TrendDetectorFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
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

  /**
   * Wires the correlation operators onto the given streams. Enrichment runs at the parallelism of
   * its input so it chains to the source (no shuffle before the registry lookup); everything after
   * runs at the environment's parallelism.
   */
  public static CorrelationOutputs build(
      DataStream<AlarmEvent> alarms,
      DataStream<TelemetryReading> telemetry,
      CorrelationConfig config) {
    DataStream<AlarmEvent> enrichedAlarms =
        alarms
            .map(new AlarmEnrichment(config.registryFile(), config.registryRefresh()))
            .returns(WireTypes.ALARM)
            .setParallelism(alarms.getParallelism())
            .name("enrich-alarms")
            .uid("enrich-alarms");
    DataStream<TelemetryReading> enrichedTelemetry =
        telemetry
            .map(new TelemetryEnrichment(config.registryFile(), config.registryRefresh()))
            .returns(WireTypes.TELEMETRY)
            .setParallelism(telemetry.getParallelism())
            .name("enrich-telemetry")
            .uid("enrich-telemetry");

    DataStream<Incident> faults =
        enrichedAlarms
            .keyBy(AlarmEvent::site)
            .connect(enrichedTelemetry.keyBy(TelemetryReading::site))
            .process(new SiteCorrelationFunction(config.incidents()), WireTypes.INCIDENT)
            .name("correlate-incidents")
            .uid("correlate-incidents");

    // chargers report no ambient: the site's (from its inverters) rides along to the detectors
    DataStream<Incident> predictions =
        enrichedTelemetry
            .keyBy(TelemetryReading::site)
            .process(
                new SiteAmbientFunction(config.incidents().deviceStateTtl()), WireTypes.TELEMETRY)
            .name("site-ambient")
            .uid("site-ambient")
            .keyBy(TelemetryReading::serial)
            .process(new TrendDetectorFunction(config.predictive()), WireTypes.INCIDENT)
            .name("predict-incidents")
            .uid("predict-incidents");

    DataStream<Incident> incidents = faults.union(predictions);
    DataStream<FailureObservation> failures =
        incidents
            .flatMap(
                (FlatMapFunction<Incident, FailureObservation>)
                    (incident, out) -> FailureObservation.of(incident).forEach(out::collect))
            .returns(TypeInformation.of(FailureObservation.class))
            .name("failure-observations")
            .uid("failure-observations");
    BatchRiskConfig risk = config.batchRisk();
    BroadcastStream<FleetRate> fleetRates =
        failures
            .keyBy(FailureObservation::fleetKey)
            .process(
                new FleetBaselineFunction(risk, config.registryFile(), config.registryRefresh()),
                TypeInformation.of(FleetRate.class))
            .name("fleet-baseline")
            .uid("fleet-baseline")
            .broadcast(BatchRiskFunction.FLEET_RATES);
    DataStream<BatchRiskSignal> batchRisk =
        failures
            .keyBy(FailureObservation::batchKey)
            .connect(fleetRates)
            .process(
                new BatchRiskFunction(risk, config.registryFile(), config.registryRefresh()),
                WireTypes.BATCH_RISK)
            .name("batch-risk")
            .uid("batch-risk");
    return new CorrelationOutputs(incidents, batchRisk, enrichedTelemetry);
  }
}
