package dev.pdm.rules.examples;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.engine.CompiledRuleset;
import java.util.ArrayList;
import java.util.List;

/** Runs a compiled ruleset over its example cases. */
public final class ExampleRunner {

  private ExampleRunner() {}

  public static ValidationReport run(CompiledRuleset ruleset, List<ExampleCase> examples) {
    List<ExampleResult> results = new ArrayList<>(examples.size());
    for (ExampleCase example : examples) {
      results.add(runOne(ruleset, example));
    }
    boolean allPassed = results.stream().allMatch(ExampleResult::passed);
    return new ValidationReport(
        ruleset.version(), allPassed, List.of(), results, allPassed ? ruleset : null);
  }

  private static ExampleResult runOne(CompiledRuleset ruleset, ExampleCase example) {
    Decision actual;
    try {
      actual = ruleset.decide(example.request());
    } catch (RuntimeException e) {
      // A consequence that throws fails its example rather than the whole validation.
      return new ExampleResult(
          example.name(), false, null, List.of("evaluation failed: " + e.getMessage()));
    }
    List<String> mismatches = example.expect().mismatches(actual);
    return new ExampleResult(example.name(), mismatches.isEmpty(), actual, mismatches);
  }
}
