package dev.pdm.rules.examples;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.RulesetProblem;
import java.util.List;

/**
 * The verdict on a proposed ruleset version: accepted only if it compiled without errors and every
 * example case passed.
 *
 * @param problems compile errors, or the lack of example cases (empty when it compiled and had
 *     examples)
 * @param examples one result per example case, in the given order (empty when it did not compile)
 * @param ruleset the compiled ruleset when accepted, else null
 */
public record ValidationReport(
    String version,
    boolean accepted,
    List<RulesetProblem> problems,
    List<ExampleResult> examples,
    @JsonIgnore CompiledRuleset ruleset) {

  public ValidationReport {
    problems = List.copyOf(problems);
    examples = List.copyOf(examples);
  }

  /** Rejected before any example ran. */
  public static ValidationReport rejected(String version, List<RulesetProblem> problems) {
    return new ValidationReport(version, false, problems, List.of(), null);
  }

  public List<ExampleResult> failures() {
    return examples.stream().filter(r -> !r.passed()).toList();
  }
}
