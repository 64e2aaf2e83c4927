package dev.pdm.stream.correlation;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The site causes currently raised at one site: cause code to the serials raising it. */
public final class SiteCauses {
  /** cause code to (serial to raised since, epoch millis). */
  public HashMap<String, TreeMap<String, Long>> active = new HashMap<>();

  public SiteCauses() {}

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
    return active.isEmpty();
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
