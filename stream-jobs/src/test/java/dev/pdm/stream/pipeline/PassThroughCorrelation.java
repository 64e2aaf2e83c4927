package dev.pdm.stream.pipeline;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.stream.correlation.CorrelationOutputs;
import dev.pdm.stream.correlation.WireTypes;
import dev.pdm.stream.job.Correlation;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Stand-in for the correlation: one incident per alarm, with the incident id derived from the
 * alarm's serial, code and device time. Pipeline tests use it to count end-to-end delivery exactly,
 * independent of grouping and deduplication rules.
 */
public final class PassThroughCorrelation {

  private PassThroughCorrelation() {}

  public static Correlation create() {
    return create(alarms -> alarms);
  }

  /** With a step before the incident mapping, e.g. one that fails a task once. */
  public static Correlation create(Step before) {
    return (alarms, telemetry) -> {
      DataStream<Incident> incidents =
          before
              .apply(alarms)
              .map((MapFunction<AlarmEvent, Incident>) PassThroughCorrelation::incidentOf)
              .returns(WireTypes.INCIDENT)
              .name("pass-through");
      DataStream<BatchRiskSignal> none =
          alarms
              .flatMap((FlatMapFunction<AlarmEvent, BatchRiskSignal>) (a, out) -> {})
              .returns(WireTypes.BATCH_RISK);
      return new CorrelationOutputs(incidents, none, telemetry);
    };
  }

  /** A transformation of the alarm stream. */
  @FunctionalInterface
  public interface Step {
    DataStream<AlarmEvent> apply(DataStream<AlarmEvent> alarms);
  }

  public static Incident incidentOf(AlarmEvent a) {
    return new Incident(
        Schema.VERSION,
        null,
        1,
        IncidentKind.FAULT,
        IncidentStatus.ACTIVE,
        a.serial(),
        a.deviceClass(),
        a.model(),
        a.firmware(),
        a.batch(),
        a.site(),
        a.code(),
        List.of(a.code()),
        a.severity(),
        a.deviceTime(),
        a.deviceTime(),
        null,
        1,
        false,
        0,
        List.of(),
        List.of(),
        "pass-through for pipeline tests");
  }
}
