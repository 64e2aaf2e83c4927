package dev.pdm.stream.batchrisk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Distinct devices with a failure, by event time, for sliding windows: per serial the slide indices
 * (e.g. days) it failed in, so the same serial is never counted twice in a window and counts stay
 * right whatever order the observations arrive in. Mutable: it lives in keyed state.
 */
public final class AffectedDevices {
  /** serial to the slide indices it was seen failing in. */
  public HashMap<String, TreeSet<Long>> slides = new HashMap<>();

  /** serial to its latest firmware (for the signal's firmware list). */
  public HashMap<String, String> firmware = new HashMap<>();

  public AffectedDevices() {}

  public void add(String serial, String fw, long at, long slideMillis) {
    slides.computeIfAbsent(serial, s -> new TreeSet<>()).add(Math.floorDiv(at, slideMillis));
    firmware.put(serial, fw);
  }

  /** Distinct serials with a failure in [windowEnd - window, windowEnd), sorted. */
  public List<String> affectedIn(long windowEnd, long windowMillis, long slideMillis) {
    long from = Math.floorDiv(windowEnd - windowMillis, slideMillis);
    long to = Math.floorDiv(windowEnd, slideMillis);
    List<String> serials = new ArrayList<>();
    for (Map.Entry<String, TreeSet<Long>> e : slides.entrySet()) {
      Long first = e.getValue().ceiling(from);
      if (first != null && first < to) {
        serials.add(e.getKey());
      }
    }
    serials.sort(null);
    return serials;
  }

  /** Forgets failures before {@code cutoff}; returns whether anything is left. */
  public boolean pruneBefore(long cutoff, long slideMillis) {
    long from = Math.floorDiv(cutoff, slideMillis);
    Iterator<Map.Entry<String, TreeSet<Long>>> it = slides.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, TreeSet<Long>> e = it.next();
      e.getValue().headSet(from).clear();
      if (e.getValue().isEmpty()) {
        firmware.remove(e.getKey());
        it.remove();
      }
    }
    return !slides.isEmpty();
  }

  public boolean isEmpty() {
    return slides.isEmpty();
  }

  /** The newest slide index anything failed in, or Long.MIN_VALUE. */
  public long newestSlide() {
    long newest = Long.MIN_VALUE;
    for (TreeSet<Long> s : slides.values()) {
      newest = Math.max(newest, s.last());
    }
    return newest;
  }
}
