package dev.pdm.rules.engine;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ValidationReport;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ruleset in force. A proposed version replaces it only after it compiled and passed all its
 * examples, atomically: a broken ruleset never replaces a working one, and evaluations in flight
 * finish on the version they started with.
 */
public final class ActiveRuleset {

  private final RuleEngine engine;
  private final AtomicReference<CompiledRuleset> current;

  public ActiveRuleset(RuleEngine engine, CompiledRuleset initial) {
    this.engine = engine;
    this.current = new AtomicReference<>(initial);
  }

  public CompiledRuleset current() {
    return current.get();
  }

  public Decision decide(DecisionRequest request) {
    return current.get().decide(request);
  }

  /** Validates and, if accepted, activates the version; the report says which happened. */
  public ValidationReport propose(String version, String drl, List<ExampleCase> examples) {
    ValidationReport report = engine.validate(version, drl, examples);
    if (report.accepted()) {
      current.set(report.ruleset());
    }
    return report;
  }
}
