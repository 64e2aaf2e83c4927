package dev.pdm.stream.correlation;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The site causes currently raised at one site (cause code to the serials raising it), and the
 * symptoms they muted that are still raised, so that those count once the cause clears
 * (Alertmanager un-inhibits a still-firing target the same way).
 */
public final class SiteCauses {
  /** cause code to (serial to raised since, epoch millis). */
  public HashMap<String, TreeMap<String, Long>> active = new HashMap<>();

  /** "serial|code" of a muted symptom to what it takes to raise it again. */
  public TreeMap<String, MutedRaise> mutedRaised = new TreeMap<>();

  public SiteCauses() {}

  /** A muted raise, kept as plain fields (the state serializer needs no record support). */
  public static final class MutedRaise {
    public String serial;
    public DeviceClass deviceClass;
    public String model;
    public String firmware;
    public String code;
    public Severity severity;
    public long seq;
    public String site;
    public String batch;

    public MutedRaise() {}
  }

  /**
   * Follows a non-cause alarm: a raise this site mutes (and that would not just repeat an open
   * incident) is remembered until its clear.
   */
  public void track(AlarmEvent alarm, boolean wouldOpen) {
    String key = alarm.serial() + "|" + alarm.code();
    if (alarm.state() != AlarmState.RAISED) {
      mutedRaised.remove(key);
      return;
    }
    if (wouldOpen && causeFor(alarm.serial(), alarm.code()) != null) {
      MutedRaise m = new MutedRaise();
      m.serial = alarm.serial();
      m.deviceClass = alarm.deviceClass();
      m.model = alarm.model();
      m.firmware = alarm.firmware();
      m.code = alarm.code();
      m.severity = alarm.severity();
      m.seq = alarm.seq();
      m.site = alarm.site();
      m.batch = alarm.batch();
      mutedRaised.putIfAbsent(key, m);
    }
  }

  /** The muted symptoms no cause mutes any more, as raises at {@code at}; forgotten here. */
  public List<AlarmEvent> unmutedAt(long at) {
    List<AlarmEvent> raises = new ArrayList<>();
    Iterator<MutedRaise> it = mutedRaised.values().iterator();
    while (it.hasNext()) {
      MutedRaise m = it.next();
      if (causeFor(m.serial, m.code) == null) {
        it.remove();
        raises.add(
            AlarmEvent.of(
                m.serial,
                m.deviceClass,
                m.model,
                m.firmware,
                m.code,
                null,
                AlarmState.RAISED,
                m.severity,
                Instant.ofEpochMilli(at),
                m.seq,
                m.site,
                m.batch));
      }
    }
    return raises;
  }

  public void raised(String code, String serial, long at) {
    active.computeIfAbsent(code, c -> new TreeMap<>()).putIfAbsent(serial, at);
  }

  public void cleared(String code, String serial) {
    Map<String, Long> serials = active.get(code);
    if (serials != null) {
      serials.remove(serial);
      if (serials.isEmpty()) {
        active.remove(code);
      }
    }
  }

  public boolean isEmpty() {
    return active.isEmpty() && mutedRaised.isEmpty();
  }

  /**
   * The cause muting {@code symptom} at this site, preferring the symptom's own device and then the
   * device that raised it first; null when nothing mutes it.
   */
  public DeviceCorrelator.Cause causeFor(String serial, String symptom) {
    DeviceCorrelator.Cause best = null;
    long bestSince = Long.MAX_VALUE;
    for (Map.Entry<String, TreeMap<String, Long>> e : active.entrySet()) {
      if (!Inhibitions.siteCauseMutes(e.getKey(), symptom)) {
        continue;
      }
      if (e.getValue().containsKey(serial)) {
        return new DeviceCorrelator.Cause(serial, e.getKey());
      }
      for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
        if (s.getValue() < bestSince) {
          bestSince = s.getValue();
          best = new DeviceCorrelator.Cause(s.getKey(), e.getKey());
        }
      }
    }
    return best;
  }
}
