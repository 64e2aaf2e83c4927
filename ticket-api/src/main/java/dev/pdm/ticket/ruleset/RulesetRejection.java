package dev.pdm.ticket.ruleset;

import dev.pdm.rules.examples.ValidationReport;
import dev.pdm.ticket.http.Problem;
import dev.pdm.ticket.http.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problem details of a refused upload: one error per compile problem (field {@code drl}, with
 * line and column) and per failing example (field {@code examples[name]}, with its mismatches).
 */
public final class RulesetRejection {

  public static final String SLUG = "ruleset-rejected";

  private RulesetRejection() {}

  public static ProblemException problem(String label, ValidationReport report) {
    List<Problem.FieldError> errors = new ArrayList<>();
    report.problems().forEach(p -> errors.add(new Problem.FieldError("drl", p.toString())));
    report
        .failures()
        .forEach(
            f ->
                errors.add(
                    new Problem.FieldError(
                        "examples[" + f.name() + "]", String.join("; ", f.mismatches()))));
    String detail =
        report.problems().isEmpty()
            ? report.failures().size() + " example(s) failed; the active ruleset is unchanged"
            : report.problems().size() + " compile error(s); the active ruleset is unchanged";
    return new ProblemException(
        422, SLUG, "Ruleset rejected", "ruleset " + label + ": " + detail, errors);
  }
}
