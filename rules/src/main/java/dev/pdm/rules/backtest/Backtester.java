package dev.pdm.rules.backtest;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.engine.CompiledRuleset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded requests through both versions. Both see exactly the recorded facts and clock,
 * so a difference is the rules' doing, not the data's.
 */
public final class Backtester {

  private Backtester() {}

  public static BacktestReport backtest(
      CompiledRuleset active, CompiledRuleset candidate, List<DecisionRequest> recorded) {
    List<DecisionDiff> diffs = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<DecisionKind, Integer> kinds = new EnumMap<>(DecisionKind.class);
    for (DecisionRequest request : recorded) {
      Decision before = active.decide(request);
      Decision after = candidate.decide(request);
      if (!before.sameEffectAs(after)) {
        DecisionDiff diff = new DecisionDiff(request.subjectId(), before, after);
        diffs.add(diff);
        counts.merge(diff.change(), 1, Integer::sum);
        kinds.merge(after.kind(), 1, Integer::sum);
      }
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new BacktestReport(
        active.version(),
        candidate.version(),
        recorded.size(),
        recorded.size() - diffs.size(),
        sorted,
        kinds,
        diffs);
  }
}
