package dev.pdm.stream.correlation;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.EvidencePoint;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.model.incident.SuppressedSymptom;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The incident state machine of one device, free of Flink: alarm edges (in event-time order) and
 * the passing of event time go in, incident versions come out. The caller owns storage, ordering
 * and timers; {@link #nextWakeUp} says when time must next be passed in.
 */
public final class DeviceCorrelator implements Serializable {

  /** A cause that mutes a symptom: the device that raised it and its code. */
  public record Cause(String serial, String code) implements Serializable {}

  /** Answers whether a site-level cause mutes a code of a device at a given time. */
  public interface SiteMuting {
    Cause causeFor(String serial, String code);
  }

  /** Supplies the device's recent telemetry as evidence, newest last. */
  public interface Evidence {
    List<EvidencePoint> recent();
  }

  /** A symptom muted by a cause on another device, to be recorded on that device's incident. */
  public record RoutedSymptom(Cause cause, String serial, String code, long at) {}

  /** What one step produced. */
  public static final class Outcome {
    public final List<Incident> emitted = new ArrayList<>();
    public final List<RoutedSymptom> mutedElsewhere = new ArrayList<>();
  }

  private final IncidentRules rules;

  public DeviceCorrelator(IncidentRules rules) {
    this.rules = rules;
  }

  /** One alarm edge of the device, at its device time. */
  public void onAlarm(
      DeviceState s, AlarmEvent e, SiteMuting muting, Evidence evidence, Outcome out) {
    s.identify(e);
    long t = e.deviceTime().toEpochMilli();
    if (e.code().equals(AlarmCatalogue.OCPP_NO_ERROR)) {
      clearAll(s, t, evidence, out);
    } else if (e.state() == AlarmState.RAISED) {
      raise(s, e, t, muting, evidence, out);
    } else {
      clear(s, e.code(), t, evidence, out);
    }
    onTime(s, t, muting, evidence, out);
  }

  /**
   * An event too late to correlate safely: a raise of a code that is active is still counted as an
   * occurrence; anything else is dropped. Returns whether it was recorded.
   */
  public boolean onTooLate(DeviceState s, AlarmEvent e) {
    OpenIncident inc = s.incidentWith(e.code());
    if (e.state() != AlarmState.RAISED || inc == null) {
      return false;
    }
    inc.occurrences++;
    inc.dirty = true;
    return true;
  }

  /**
   * Event time reached {@code now}: promote pending raises, close held incidents, flush repeats.
   */
  public void onTime(DeviceState s, long now, SiteMuting muting, Evidence evidence, Outcome out) {
    long flapWindow = rules.flapWindow().toMillis();
    s.shortRaises.values().removeIf(edges -> edges.get(edges.size() - 1) + flapWindow <= now);
    List<Map.Entry<String, DeviceState.PendingRaise>> due = new ArrayList<>();
    for (Map.Entry<String, DeviceState.PendingRaise> p : s.pending.entrySet()) {
      if (p.getValue().first + pendingMillis(p.getKey(), p.getValue().severity) <= now) {
        due.add(p);
      }
    }
    due.sort(Comparator.comparingLong(p -> p.getValue().first));
    for (Map.Entry<String, DeviceState.PendingRaise> p : due) {
      String code = p.getKey();
      DeviceState.PendingRaise raise = s.pending.remove(code);
      Cause cause = muteCause(s, code, muting);
      if (cause != null) {
        mute(s, cause, s.serial, code, raise.first, out);
      } else {
        activate(
            s,
            code,
            raise.severity,
            raise.first,
            raise.latest,
            raise.raises,
            now,
            evidence,
            out,
            null);
      }
    }
    Iterator<OpenIncident> it = s.incidents.iterator();
    while (it.hasNext()) {
      OpenIncident inc = it.next();
      if (inc.clearSince >= 0 && inc.clearSince + holdMillis(inc) <= now) {
        it.remove();
        String why =
            inc.flapping
                ? "all codes clear for keep-firing-for " + rules.keepFiringFor() + " after flapping"
                : "all codes clear for " + rules.clearHold();
        out.emitted.add(emit(s, inc, IncidentStatus.CLEARED, now, why, evidence));
      } else if (sustainDue(inc, now)) {
        out.emitted.add(
            emit(
                s,
                inc,
                IncidentStatus.ACTIVE,
                now,
                "warning still raised " + rules.warningSustainFor() + " after it was first seen",
                evidence));
      } else if (inc.dirty && inc.lastEmitted + rules.repeatThrottle().toMillis() <= now) {
        out.emitted.add(
            emit(
                s,
                inc,
                IncidentStatus.ACTIVE,
                now,
                "repeated " + inc.occurrences + " times",
                evidence));
      }
    }
  }

  /** Records a symptom muted by a cause of this device; falls back to any open incident. */
  public void recordSuppressed(DeviceState s, RoutedSymptom symptom) {
    OpenIncident target = s.incidentWith(symptom.cause().code());
    if (target == null && !s.incidents.isEmpty()) {
      target = s.incidents.get(0);
    }
    if (target != null) {
      addSuppressed(target, symptom.serial(), symptom.code(), symptom.at(), symptom.cause().code());
    }
  }

  /** The earliest event time at which {@link #onTime} has work, or {@code Long.MAX_VALUE}. */
  public long nextWakeUp(DeviceState s) {
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, DeviceState.PendingRaise> p : s.pending.entrySet()) {
      next = Math.min(next, p.getValue().first + pendingMillis(p.getKey(), p.getValue().severity));
    }
    for (List<Long> edges : s.shortRaises.values()) {
      next = Math.min(next, edges.get(edges.size() - 1) + rules.flapWindow().toMillis());
    }
    for (OpenIncident inc : s.incidents) {
      if (inc.clearSince >= 0) {
        next = Math.min(next, inc.clearSince + holdMillis(inc));
      }
      if (inc.dirty) {
        next = Math.min(next, inc.lastEmitted + rules.repeatThrottle().toMillis());
      }
      if (awaitsSustain(inc)) {
        next = Math.min(next, inc.firstSeen + rules.warningSustainFor().toMillis());
      }
    }
    return next;
  }

  /**
   * A WARNING incident, raised, whose duration no published version has shown reaching the sustain
   * threshold yet. A clear stops the wait (a cleared warning is no longer sustained); a raise again
   * within the hold resumes it.
   */
  private boolean awaitsSustain(OpenIncident inc) {
    return !inc.sustainPublished && inc.severity == Severity.WARNING && inc.anyRaised();
  }

  private boolean sustainDue(OpenIncident inc, long now) {
    return awaitsSustain(inc) && inc.firstSeen + rules.warningSustainFor().toMillis() <= now;
  }

  private void raise(
      DeviceState s, AlarmEvent e, long t, SiteMuting muting, Evidence evidence, Outcome out) {
    String code = e.code();
    OpenIncident inc = s.incidentWith(code);
    if (inc != null) {
      boolean wasRaised = inc.codes.get(code);
      inc.occurrences++;
      inc.lastSeen = Math.max(inc.lastSeen, t);
      String change = null;
      if (!wasRaised) {
        inc.codes.put(code, true);
        inc.clearSince = -1;
        change = transition(inc, t);
      }
      if (!inc.severity.atLeast(e.severity())) {
        inc.severity = e.severity();
        change = "severity rose to " + e.severity() + " with " + code;
      }
      if (change != null) {
        out.emitted.add(emit(s, inc, IncidentStatus.ACTIVE, t, change, evidence));
      } else {
        inc.dirty = true;
      }
      return;
    }
    Cause cause = muteCause(s, code, muting);
    if (cause != null) {
      s.pending.remove(code);
      mute(s, cause, s.serial, code, t, out);
      return;
    }
    if (pendingMillis(code, e.severity()) > 0) {
      DeviceState.PendingRaise p = s.pending.get(code);
      List<Long> flapped = p == null ? shortRaisesWithin(s, code, t) : null;
      if (flapped != null && flapped.size() >= rules.flapTransitions()) {
        // toggling faster than its pending time: waiting would never end, so it opens as flapping
        s.shortRaises.remove(code);
        int raises = flapped.size() / 2 + 1;
        activate(s, code, e.severity(), flapped.get(0), t, raises, t, evidence, out, flapped);
        return;
      }
      if (p == null) {
        s.pending.put(code, new DeviceState.PendingRaise(e.severity(), t));
      } else {
        p.latest = Math.max(p.latest, t);
        p.raises++;
        if (!p.severity.atLeast(e.severity())) {
          p.severity = e.severity();
        }
      }
      return;
    }
    activate(s, code, e.severity(), t, t, 1, t, evidence, out, null);
  }

  /** The short raises of a code still within the flap window of {@code t}, oldest first. */
  private List<Long> shortRaisesWithin(DeviceState s, String code, long t) {
    ArrayList<Long> edges = s.shortRaises.get(code);
    if (edges == null) {
      return null;
    }
    long from = t - rules.flapWindow().toMillis();
    edges.removeIf(x -> x < from);
    if (edges.isEmpty()) {
      s.shortRaises.remove(code);
      return null;
    }
    return edges;
  }

  private void clear(DeviceState s, String code, long t, Evidence evidence, Outcome out) {
    DeviceState.PendingRaise cleared = s.pending.remove(code);
    if (cleared != null) {
      ArrayList<Long> edges = s.shortRaises.computeIfAbsent(code, c -> new ArrayList<>());
      edges.add(cleared.first);
      edges.add(t);
      edges.sort(null);
      return;
    }
    OpenIncident inc = s.incidentWith(code);
    if (inc == null || !inc.codes.get(code)) {
      return;
    }
    inc.codes.put(code, false);
    if (!inc.anyRaised()) {
      inc.clearSince = t;
    }
    // A clear alone publishes nothing (the hold decides whether it sticks); turning flapping does.
    String change = transition(inc, t);
    if (change != null) {
      out.emitted.add(emit(s, inc, IncidentStatus.ACTIVE, t, change, evidence));
    }
  }

  private void clearAll(DeviceState s, long t, Evidence evidence, Outcome out) {
    s.pending.clear();
    for (OpenIncident inc : new ArrayList<>(s.incidents)) {
      for (String code : inc.codeList()) {
        clear(s, code, t, evidence, out);
      }
    }
  }

  /** Opens an incident for a code, or folds it into a grouped one or its twin's (escalation). */
  private void activate(
      DeviceState s,
      String code,
      Severity severity,
      long first,
      long latest,
      int raises,
      long now,
      Evidence evidence,
      Outcome out,
      List<Long> flapEdges) {
    String mutedWarning = Inhibitions.mutedWarningTwin(code);
    OpenIncident target = mutedWarning == null ? null : s.incidentWith(mutedWarning);
    String why;
    if (target != null) {
      why = code + " escalated " + mutedWarning;
    } else {
      target = groupFor(s, first);
      why = code + " joined within the group window of " + rules.groupWindow();
    }
    if (target != null) {
      target.codes.put(code, true);
      target.occurrences += raises;
      target.lastSeen = Math.max(target.lastSeen, latest);
      target.clearSince = -1;
      if (!target.severity.atLeast(severity)) {
        target.severity = severity;
      }
    } else {
      target = new OpenIncident();
      target.primaryCode = code;
      target.codes.put(code, true);
      target.severity = severity;
      target.firstSeen = first;
      target.lastSeen = Math.max(first, latest);
      target.occurrences = raises;
      target.incidentId = EventIds.incidentId(s.serial, code, Instant.ofEpochMilli(first));
      s.incidents.add(target);
      why = "opened by " + code;
    }
    if (mutedWarning != null) {
      DeviceState.PendingRaise pendingWarning = s.pending.remove(mutedWarning);
      if (pendingWarning != null) {
        addSuppressed(target, s.serial, mutedWarning, pendingWarning.first, code);
      }
    }
    if (flapEdges != null) {
      target.transitions.addAll(flapEdges);
      String flapping = transition(target, latest);
      if (flapping != null) {
        why = flapping + " (each raise shorter than its pending time)";
      }
    }
    out.emitted.add(emit(s, target, IncidentStatus.ACTIVE, now, why, evidence));
  }

  private OpenIncident groupFor(DeviceState s, long first) {
    long window = rules.groupWindow().toMillis();
    for (OpenIncident inc : s.incidents) {
      if (first >= inc.firstSeen && first - inc.firstSeen <= window) {
        return inc;
      }
    }
    return null;
  }

  private Cause muteCause(DeviceState s, String code, SiteMuting muting) {
    String alarm = Inhibitions.mutingAlarmTwin(code);
    if (alarm != null) {
      OpenIncident inc = s.incidentWith(alarm);
      if (inc != null && inc.codes.get(alarm)) {
        return new Cause(s.serial, alarm);
      }
    }
    return muting == null ? null : muting.causeFor(s.serial, code);
  }

  private void mute(DeviceState s, Cause cause, String serial, String code, long at, Outcome out) {
    RoutedSymptom symptom = new RoutedSymptom(cause, serial, code, at);
    if (cause.serial().equals(s.serial)) {
      recordSuppressed(s, symptom);
    } else {
      out.mutedElsewhere.add(symptom);
    }
  }

  private void addSuppressed(OpenIncident inc, String serial, String code, long at, String cause) {
    if (inc.suppressed.size() < rules.maxSuppressedPerIncident()) {
      inc.suppressed.add(new OpenIncident.MutedSymptom(serial, code, at, cause));
    }
    inc.dirty = true;
  }

  /** Records a raise/clear edge; returns why it matters when the incident just became flapping. */
  private String transition(OpenIncident inc, long t) {
    inc.transitions.add(t);
    inc.transitions.sort(null);
    long from = t - rules.flapWindow().toMillis();
    inc.transitions.removeIf(x -> x < from);
    if (!inc.flapping && inc.transitions.size() >= rules.flapTransitions()) {
      inc.flapping = true;
      return "flapping: "
          + inc.transitions.size()
          + " raise/clear transitions within "
          + rules.flapWindow();
    }
    return null;
  }

  private long pendingMillis(String code, Severity severity) {
    return rules.pendingFor(code, severity).toMillis();
  }

  private long holdMillis(OpenIncident inc) {
    return (inc.flapping ? rules.keepFiringFor() : rules.clearHold()).toMillis();
  }

  private Incident emit(
      DeviceState s,
      OpenIncident inc,
      IncidentStatus status,
      long now,
      String reason,
      Evidence evidence) {
    // asOf never goes back between versions (a late edge is applied after later ones were).
    long asOf = Math.max(now, Math.max(inc.lastSeen, inc.lastEmitted));
    inc.version++;
    inc.lastEmitted = asOf;
    inc.dirty = false;
    if (asOf - inc.firstSeen >= rules.warningSustainFor().toMillis()) {
      inc.sustainPublished = true;
    }
    List<SuppressedSymptom> suppressed = new ArrayList<>(inc.suppressed.size());
    for (OpenIncident.MutedSymptom m : inc.suppressed) {
      suppressed.add(
          new SuppressedSymptom(m.serial, m.code, Instant.ofEpochMilli(m.at), m.causeCode));
    }
    return new Incident(
        Schema.VERSION,
        inc.incidentId,
        inc.version,
        IncidentKind.FAULT,
        status,
        s.serial,
        s.deviceClass,
        s.model,
        s.firmware,
        s.batch,
        s.site,
        inc.primaryCode,
        inc.codeList(),
        inc.severity,
        Instant.ofEpochMilli(inc.firstSeen),
        Instant.ofEpochMilli(inc.lastSeen),
        status == IncidentStatus.CLEARED ? Instant.ofEpochMilli(inc.clearSince) : null,
        inc.occurrences,
        inc.flapping,
        inc.transitions.size(),
        suppressed,
        evidence == null ? List.of() : evidence.recent(),
        reason,
        Instant.ofEpochMilli(asOf));
  }
}
