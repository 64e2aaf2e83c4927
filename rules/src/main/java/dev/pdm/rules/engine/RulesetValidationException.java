package dev.pdm.rules.engine;

import java.util.List;

/**
 * A ruleset that does not compile: syntax errors, unknown fact types or fields, bad consequences.
 * Unchecked so callers that upload rulesets map it to a client error in one place.
 */
public final class RulesetValidationException extends RuntimeException {

  private final String version;
  private final List<RulesetProblem> problems;

  public RulesetValidationException(String version, List<RulesetProblem> problems) {
    super(
        "ruleset "
            + version
            + " has "
            + problems.size()
            + " error(s): "
            + problems.stream().map(RulesetProblem::toString).toList());
    this.version = version;
    this.problems = List.copyOf(problems);
  }

  public String version() {
    return version;
  }

  public List<RulesetProblem> problems() {
    return problems;
  }
}
