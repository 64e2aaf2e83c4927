package dev.pdm.stream.correlation;

import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.EvidencePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The newest telemetry of one device, bounded twice: at most {@code maxSamples}, none older than
 * the window before the newest. This is what ties the telemetry stream to the alarm stream.
 */
public final class EvidenceBuffer {
  public ArrayList<Sample> samples = new ArrayList<>();

  public EvidenceBuffer() {}

  /** Inserts in time order (telemetry may arrive out of order) and trims to the bounds. */
  public void add(TelemetryReading r, int maxSamples, long windowMillis) {
    Sample sample = new Sample(r.deviceTime().toEpochMilli(), new HashMap<>(r.metrics()));
    int i = samples.size();
    while (i > 0 && samples.get(i - 1).t > sample.t) {
      i--;
    }
    if (i > 0 && samples.get(i - 1).t == sample.t) {
      samples.set(i - 1, sample);
    } else {
      samples.add(i, sample);
    }
    while (samples.size() > maxSamples) {
      samples.remove(0);
    }
    pruneBefore(samples.get(samples.size() - 1).t - windowMillis);
  }

  /** Drops samples at or before {@code cutoff}. */
  public void pruneBefore(long cutoff) {
    samples.removeIf(s -> s.t <= cutoff);
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  public long newest() {
    return samples.isEmpty() ? Long.MIN_VALUE : samples.get(samples.size() - 1).t;
  }

  /** Samples no later than {@code until} and within the window before it, oldest first. */
  public List<EvidencePoint> upTo(long until, long windowMillis) {
    List<EvidencePoint> points = new ArrayList<>();
    for (Sample s : samples) {
      if (s.t <= until && s.t > until - windowMillis) {
        points.add(new EvidencePoint(Instant.ofEpochMilli(s.t), s.metrics));
      }
    }
    return points;
  }

  /** One reading kept as evidence. */
  public static final class Sample {
    public long t;
    public HashMap<String, Double> metrics;

    public Sample() {}

    public Sample(long t, HashMap<String, Double> metrics) {
      this.t = t;
      this.metrics = metrics;
    }
  }
}
