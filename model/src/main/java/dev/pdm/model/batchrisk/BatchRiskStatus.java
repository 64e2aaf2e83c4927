package dev.pdm.model.batchrisk;

/**
 * Where a batch-risk episode stands. ACTIVE while the sequential test holds the batch worse than
 * the fleet (every signal until the end); ENDED once, as the last version of the signal, when the
 * test falls back below its lower bound or the batch's failures have left the window. A message
 * without the field (written before it existed) is ACTIVE.
 */
public enum BatchRiskStatus {
  ACTIVE,
  ENDED
}
