package dev.pdm.stream.predictive;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Telemetry of one device (keyed by serial) through its class's trend detectors; raises one
 * PREDICTIVE incident per (device, detector) when a degradation trend is clear, and clears it when
 * the trend flattens past the hysteresis bound. State of a device silent for the idle timeout is
 * dropped, with one timer per device at a time.
 */
public final class TrendDetectorFunction
    extends KeyedProcessFunction<String, TelemetryReading, Incident> {

  private final PredictiveConfig config;
  private transient ValueState<PredictiveState> state;
  private transient Counter fired;

  public TrendDetectorFunction(PredictiveConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "predictive", TypeInformation.of(PredictiveState.class)));
    fired = getRuntimeContext().getMetricGroup().counter("predictiveIncidentsOpened");
  }

  @Override
  public void processElement(TelemetryReading reading, Context ctx, Collector<Incident> out)
      throws Exception {
    PredictiveState s = state.value();
    if (s == null) {
      s = new PredictiveState();
    }
    long t = reading.deviceTime().toEpochMilli();
    long window = config.bucket().toMillis() * config.windowBuckets();
    s.evidence.add(reading, config.evidenceSamples(), window);
    s.lastSeen = Math.max(s.lastSeen, t);
    for (Detector detector : Detector.values()) {
      if (detector.deviceClass() != reading.deviceClass()) {
        continue;
      }
      TrendTracker tracker = s.trackers.get(detector.name());
      double value = detector.signal(reading);
      if (tracker == null) {
        if (Double.isNaN(value)) {
          continue;
        }
        tracker = new TrendTracker();
        s.trackers.put(detector.name(), tracker);
      }
      TrendRule rule = detector.rule(config);
      TrendTracker.Decision decision =
          tracker.add(t, value, detector.covariate(reading), config, detector);
      if (decision != null) {
        out.collect(incident(reading, detector, rule, tracker, decision, s, t));
      }
    }
    if (s.timerAt == Long.MIN_VALUE) {
      s.timerAt = s.lastSeen + config.idleTimeout().toMillis();
      ctx.timerService().registerEventTimeTimer(s.timerAt);
    }
    state.update(s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    PredictiveState s = state.value();
    if (s == null) {
      return;
    }
    long idleUntil = s.lastSeen + config.idleTimeout().toMillis();
    if (idleUntil <= timestamp) {
      state.clear();
      return;
    }
    s.timerAt = idleUntil;
    ctx.timerService().registerEventTimeTimer(idleUntil);
    state.update(s);
  }

  private Incident incident(
      TelemetryReading r,
      Detector detector,
      TrendRule rule,
      TrendTracker tracker,
      TrendTracker.Decision decision,
      PredictiveState s,
      long now) {
    if (decision.fired()) {
      tracker.activeSince = now;
      tracker.version = 0;
      fired.inc();
    }
    tracker.version++;
    RobustTrend trend = decision.trend();
    String reason;
    if (decision.fired()) {
      double days = TrendTracker.daysToLimit(trend, rule);
      reason =
          String.format(
              Locale.ROOT,
              "%s trending %+.2f %s/day%s (%s over %d buckets, %.1f days, +/-%.2f);"
                  + " now %.1f %s, %s",
              detector.name(),
              trend.slope(),
              detector.unit(),
              detector.adjusted() ? " at equal operating point" : "",
              detector.adjusted() ? "least squares on time and operating point" : "Theil-Sen",
              decision.buckets(),
              decision.spanDays(),
              trend.standardError(),
              trend.level(),
              detector.unit(),
              Double.isNaN(days)
                  ? "not heading for the alarm level"
                  : String.format(
                      Locale.ROOT,
                      "reaches the alarm level %.1f in about %.1f days",
                      rule.limit(),
                      days));
    } else {
      reason =
          String.format(
              Locale.ROOT,
              "%s trend flattened to %+.2f %s/day (clears at %.2f)",
              detector.name(),
              trend.slope(),
              detector.unit(),
              rule.offSlopePerDay());
    }
    Instant first = Instant.ofEpochMilli(tracker.activeSince);
    Instant last = Instant.ofEpochMilli(Math.max(now, tracker.activeSince));
    return new Incident(
        Schema.VERSION,
        EventIds.incidentId(r.serial(), detector.code(), first),
        tracker.version,
        IncidentKind.PREDICTIVE,
        decision.fired() ? IncidentStatus.ACTIVE : IncidentStatus.CLEARED,
        r.serial(),
        r.deviceClass(),
        r.model(),
        r.firmware(),
        r.batch(),
        r.site(),
        detector.code(),
        List.of(detector.code()),
        AlarmCatalogue.standard().get(detector.code()).defaultSeverity(),
        first,
        last,
        decision.fired() ? null : last,
        1,
        false,
        0,
        List.of(),
        s.evidence.upTo(now, Long.MAX_VALUE / 4),
        reason,
        Instant.ofEpochMilli(Math.max(now, tracker.activeSince)));
  }
}
