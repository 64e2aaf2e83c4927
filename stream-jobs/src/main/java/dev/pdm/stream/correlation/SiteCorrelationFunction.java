package dev.pdm.stream.correlation;

import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.EvidencePoint;
import dev.pdm.model.incident.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms and telemetry of one site, keyed by site so a site-level cause (GRID_DISCONNECT) can mute
 * its symptoms on every inverter there and have them recorded on the cause's incident. Each device
 * still has its own {@link DeviceState}; the per-device rules live in {@link DeviceCorrelator}.
 *
 * <p>Each site keeps its own event time: the watermark, but never past the newest device time the
 * site itself has reported (alarm or telemetry). A site whose gateway is offline therefore stands
 * still while the rest of the fleet moves the watermark on; when its buffer arrives, hours late,
 * its alarms are correlated in order as if live, instead of being too late. The price is that a
 * silent site's pending raises, clear holds and repeats wait until it reports again (its next
 * telemetry), which is also the honest reading: nothing is known about a site that says nothing. At
 * the end of a bounded input (watermark at its maximum) every site's time runs out.
 *
 * <p>Alarms are buffered until site time passes them and then applied in event-time order. Alarms
 * already behind site time are applied at once when within the allowed lateness; later ones only
 * count as occurrences of an active incident. Every piece of state is removed once its incident
 * cleared or its telemetry aged out, and every timer is one that will fire.
 */
public final class SiteCorrelationFunction
    extends KeyedCoProcessFunction<String, AlarmEvent, TelemetryReading, Incident> {

  private static final Logger LOG = LoggerFactory.getLogger(SiteCorrelationFunction.class);
  private static final long TIMER_GRANULARITY = 60_000;

  private final IncidentRules rules;
  private transient DeviceCorrelator correlator;
  private transient MapState<Long, List<AlarmEvent>> buffer;
  private transient MapState<String, DeviceState> devices;
  private transient MapState<String, EvidenceBuffer> evidence;
  private transient ValueState<SiteCauses> causes;
  private transient MapState<String, Long> seen;
  private transient ValueState<SiteClock> clock;
  private transient Counter lateAlarms;
  private transient Counter tooLateAlarms;
  private transient Counter droppedAlarms;
  private transient Counter duplicateAlarms;

  public SiteCorrelationFunction(IncidentRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext context) {
    correlator = new DeviceCorrelator(rules);
    var rc = getRuntimeContext();
    buffer =
        rc.getMapState(
            new MapStateDescriptor<>("alarm-buffer", Types.LONG, Types.LIST(WireTypes.ALARM)));
    StateTtlConfig ttl =
        StateTtlConfig.newBuilder(rules.deviceStateTtl())
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build();
    var devicesDescriptor =
        new MapStateDescriptor<>("devices", Types.STRING, TypeInformation.of(DeviceState.class));
    devicesDescriptor.enableTimeToLive(ttl);
    devices = rc.getMapState(devicesDescriptor);
    evidence =
        rc.getMapState(
            new MapStateDescriptor<>(
                "evidence", Types.STRING, TypeInformation.of(EvidenceBuffer.class)));
    var causesDescriptor = new ValueStateDescriptor<>("site-causes", SiteCauses.class);
    causesDescriptor.enableTimeToLive(ttl);
    causes = rc.getState(causesDescriptor);
    seen = rc.getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
    clock = rc.getState(new ValueStateDescriptor<>("site-clock", SiteClock.class));
    lateAlarms = rc.getMetricGroup().counter("lateAlarms");
    tooLateAlarms = rc.getMetricGroup().counter("tooLateAlarmsCounted");
    droppedAlarms = rc.getMetricGroup().counter("tooLateAlarmsDropped");
    duplicateAlarms = rc.getMetricGroup().counter("duplicateAlarms");
  }

  @Override
  public void processElement1(AlarmEvent alarm, Context ctx, Collector<Incident> out)
      throws Exception {
    long t = alarm.deviceTime().toEpochMilli();
    SiteClock site = siteClock();
    long now = site.time(ctx.timerService().currentWatermark());
    if (t > now) {
      List<AlarmEvent> same = buffer.get(t);
      if (same == null) {
        same = new ArrayList<>(1);
      }
      same.add(alarm);
      buffer.put(t, same);
      ctx.timerService().registerEventTimeTimer(t);
      site.due = Math.min(site.due, t);
    } else {
      lateAlarms.inc();
      if (t >= now - rules.allowedLateness().toMillis()) {
        apply(alarm, ctx, out);
        dueFrom(site);
      } else {
        DeviceState state = devices.get(alarm.serial());
        if (state != null && correlator.onTooLate(state, alarm)) {
          tooLateAlarms.inc();
          devices.put(alarm.serial(), state);
          schedule(state, ctx);
          dueFrom(site);
        } else {
          droppedAlarms.inc();
          LOG.warn(
              "event=alarm_dropped_too_late site={} serial={} code={} state={} event_id={}"
                  + " device_time={} site_time={} allowed_lateness={}",
              ctx.getCurrentKey(),
              alarm.serial(),
              alarm.code(),
              alarm.state(),
              alarm.eventId(),
              alarm.deviceTime(),
              Instant.ofEpochMilli(now),
              rules.allowedLateness());
        }
      }
    }
    heard(site, t, ctx, out);
  }

  @Override
  public void processElement2(TelemetryReading reading, Context ctx, Collector<Incident> out)
      throws Exception {
    long window = rules.evidenceWindow().toMillis();
    long t = reading.deviceTime().toEpochMilli();
    SiteClock site = siteClock();
    long now = site.time(ctx.timerService().currentWatermark());
    boolean agedOut = now > Long.MIN_VALUE + window && t <= now - window;
    if (rules.evidenceSamples() > 0 && !agedOut) {
      EvidenceBuffer samples = evidence.get(reading.serial());
      if (samples == null) {
        samples = new EvidenceBuffer();
      }
      samples.add(reading, rules.evidenceSamples(), window);
      evidence.put(reading.serial(), samples);
      // Coarse timers: at most one per minute per site, each ages the evidence out.
      ctx.timerService().registerEventTimeTimer(minuteAfter(t + window));
    }
    heard(site, t, ctx, out);
  }

  /**
   * The site reported device time {@code t}: its time may move on, and work that waited for it
   * (timers that fired while the site was behind) is done now.
   */
  private void heard(SiteClock site, long t, Context ctx, Collector<Incident> out)
      throws Exception {
    site.newest = Math.max(site.newest, t);
    long now = site.time(ctx.timerService().currentWatermark());
    if (site.due != Long.MAX_VALUE && site.due <= now) {
      advance(site, now, ctx, out);
    }
    clock.update(site);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out)
      throws Exception {
    SiteClock site = siteClock();
    long now = site.time(ctx.timerService().currentWatermark());
    advance(site, now, ctx, out);
    // Housekeeping timers are minute-aligned; doing it only then keeps a busy site's per-event
    // timers from rescanning evidence and event ids every time.
    if (timestamp % TIMER_GRANULARITY == 0) {
      ageEvidence(now);
      forgetSeenBefore(now - rules.allowedLateness().toMillis());
    }
    if (isIdle()) {
      clock.clear();
    } else {
      clock.update(site);
    }
  }

  /**
   * Does, in event-time order, every piece of work due up to the site time {@code now}: buffered
   * alarms and device wake-ups (pending raises, clear holds, repeats), each at its own due time.
   */
  private void advance(SiteClock site, long now, Context ctx, Collector<Incident> out)
      throws Exception {
    long due = dueFrom(site);
    while (due != Long.MAX_VALUE && due <= now) {
      step(due, ctx, out);
      due = dueFrom(site);
    }
  }

  /** The earliest buffered alarm or device wake-up of the site, remembered in {@code site.due}. */
  private long dueFrom(SiteClock site) throws Exception {
    long due = Long.MAX_VALUE;
    for (Long t : buffer.keys()) {
      due = Math.min(due, t);
    }
    for (DeviceState state : devices.values()) {
      due = Math.min(due, correlator.nextWakeUp(state));
    }
    site.due = due;
    return due;
  }

  private void step(long at, Context ctx, Collector<Incident> out) throws Exception {
    List<Long> due = new ArrayList<>();
    for (Long t : buffer.keys()) {
      if (t <= at) {
        due.add(t);
      }
    }
    due.sort(null);
    for (Long t : due) {
      List<AlarmEvent> events = new ArrayList<>(buffer.get(t));
      buffer.remove(t);
      // At equal times causes go first, so a frame raising cause and symptom together mutes it.
      events.sort(
          Comparator.comparing((AlarmEvent e) -> !Inhibitions.isSiteCause(e.code()))
              .thenComparing(AlarmEvent::serial)
              .thenComparingLong(AlarmEvent::seq));
      for (AlarmEvent e : events) {
        apply(e, ctx, out);
      }
    }
    List<String> serials = new ArrayList<>();
    for (String serial : devices.keys()) {
      serials.add(serial);
    }
    for (String serial : serials) {
      DeviceState state = devices.get(serial);
      if (state != null && correlator.nextWakeUp(state) <= at) {
        var outcome = new DeviceCorrelator.Outcome();
        correlator.onTime(state, at, causesMuting(), evidenceOf(serial, at), outcome);
        store(serial, state, ctx);
        publish(outcome, at, ctx, out);
      }
    }
  }

  private SiteClock siteClock() throws Exception {
    SiteClock site = clock.value();
    return site == null ? new SiteClock() : site;
  }

  /** Whether the site holds nothing but its clock, which then goes too. */
  private boolean isIdle() throws Exception {
    return buffer.isEmpty()
        && devices.isEmpty()
        && evidence.isEmpty()
        && seen.isEmpty()
        && causes.value() == null;
  }

  private void forgetSeenBefore(long cutoff) throws Exception {
    List<String> old = new ArrayList<>();
    for (Map.Entry<String, Long> e : seen.entries()) {
      if (e.getValue() < cutoff) {
        old.add(e.getKey());
      }
    }
    for (String id : old) {
      seen.remove(id);
    }
  }

  private static long minuteAfter(long time) {
    return (Math.floorDiv(time, TIMER_GRANULARITY) + 1) * TIMER_GRANULARITY;
  }

  private void apply(AlarmEvent alarm, Context ctx, Collector<Incident> out) throws Exception {
    long t = alarm.deviceTime().toEpochMilli();
    // Redelivered events (same content, same id) must not count twice or reopen an incident;
    // ids are remembered for the allowed lateness, after which a copy is too late anyway.
    if (seen.contains(alarm.eventId())) {
      duplicateAlarms.inc();
      return;
    }
    seen.put(alarm.eventId(), t);
    ctx.timerService().registerEventTimeTimer(minuteAfter(t + rules.allowedLateness().toMillis()));
    SiteCauses site = causes.value();
    List<AlarmEvent> unmuted = List.of();
    if (Inhibitions.isSiteCause(alarm.code())) {
      site = site == null ? new SiteCauses() : site;
      if (alarm.state() == AlarmState.RAISED) {
        site.raised(alarm.code(), alarm.serial(), t);
      } else {
        site.cleared(alarm.code(), alarm.serial());
        unmuted = site.unmutedAt(t);
      }
    } else if (site != null) {
      DeviceState known = devices.get(alarm.serial());
      boolean open = known != null && known.incidentWith(alarm.code()) != null;
      site.track(alarm, !open);
    }
    if (site == null || site.isEmpty()) {
      causes.clear();
    } else {
      causes.update(site);
    }
    applyToDevice(alarm, ctx, out);
    // Symptoms muted while the cause was raised and still raised now count from here on.
    for (AlarmEvent again : unmuted) {
      applyToDevice(again, ctx, out);
    }
  }

  private void applyToDevice(AlarmEvent alarm, Context ctx, Collector<Incident> out)
      throws Exception {
    long t = alarm.deviceTime().toEpochMilli();
    DeviceState state = devices.get(alarm.serial());
    if (state == null) {
      state = new DeviceState();
    }
    var outcome = new DeviceCorrelator.Outcome();
    correlator.onAlarm(state, alarm, causesMuting(), evidenceOf(alarm.serial(), t), outcome);
    store(alarm.serial(), state, ctx);
    publish(outcome, t, ctx, out);
  }

  /** Emits what a step produced and records symptoms muted by causes on other devices. */
  private void publish(
      DeviceCorrelator.Outcome outcome, long now, Context ctx, Collector<Incident> out)
      throws Exception {
    outcome.emitted.forEach(out::collect);
    for (DeviceCorrelator.RoutedSymptom symptom : outcome.mutedElsewhere) {
      DeviceState cause = devices.get(symptom.cause().serial());
      if (cause != null) {
        correlator.recordSuppressed(cause, symptom);
        store(symptom.cause().serial(), cause, ctx);
      }
    }
  }

  private void store(String serial, DeviceState state, Context ctx) throws Exception {
    if (state.isEmpty()) {
      devices.remove(serial);
    } else {
      devices.put(serial, state);
      schedule(state, ctx);
    }
  }

  private void schedule(DeviceState state, Context ctx) {
    long next = correlator.nextWakeUp(state);
    if (next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  private DeviceCorrelator.SiteMuting causesMuting() throws Exception {
    SiteCauses site = causes.value();
    return site == null ? null : site::causeFor;
  }

  private DeviceCorrelator.Evidence evidenceOf(String serial, long now) throws Exception {
    EvidenceBuffer samples = evidence.get(serial);
    if (samples == null) {
      return List::of;
    }
    List<EvidencePoint> points = samples.upTo(now, rules.evidenceWindow().toMillis());
    return () -> points;
  }

  private void ageEvidence(long now) throws Exception {
    long cutoff = now - rules.evidenceWindow().toMillis();
    Set<String> emptied = new HashSet<>();
    for (Map.Entry<String, EvidenceBuffer> e : evidence.entries()) {
      if (e.getValue().newest() <= cutoff) {
        emptied.add(e.getKey());
      }
    }
    for (String serial : emptied) {
      evidence.remove(serial);
    }
  }
}
