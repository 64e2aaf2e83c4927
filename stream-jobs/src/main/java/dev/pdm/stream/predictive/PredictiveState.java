package dev.pdm.stream.predictive;

import dev.pdm.stream.correlation.EvidenceBuffer;
import java.util.HashMap;

/** The predictive detectors' memory of one device. */
public final class PredictiveState {
  /** Detector name to its tracker. */
  public HashMap<String, TrendTracker> trackers = new HashMap<>();

  public EvidenceBuffer evidence = new EvidenceBuffer();
  public long lastSeen = Long.MIN_VALUE;

  /** The idle timer currently registered, or Long.MIN_VALUE. */
  public long timerAt = Long.MIN_VALUE;

  public PredictiveState() {}
}
