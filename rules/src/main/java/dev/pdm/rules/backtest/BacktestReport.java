package dev.pdm.rules.backtest;

import dev.pdm.rules.decision.DecisionKind;
import java.util.List;
import java.util.Map;

/**
 * How a candidate ruleset would have decided recorded requests, against the active version.
 *
 * @param changes count per change, e.g. {@code "OPEN DEVICE_FAULT P3 -> SUPPRESS": 4}, most
 *     frequent first
 * @param candidateKinds among the differing cases, how many the candidate would open, fold,
 *     escalate, reopen or suppress
 * @param differences every differing case, in recorded order
 */
public record BacktestReport(
    String activeVersion,
    String candidateVersion,
    int total,
    int unchanged,
    Map<String, Integer> changes,
    Map<DecisionKind, Integer> candidateKinds,
    List<DecisionDiff> differences) {

  public BacktestReport {
    changes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changes));
    candidateKinds = Map.copyOf(candidateKinds);
    differences = List.copyOf(differences);
  }

  public int changed() {
    return differences.size();
  }
}
