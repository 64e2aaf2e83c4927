package dev.pdm.ticket.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;
import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ExpectedDecision;
import dev.pdm.rules.examples.ValidationReport;
import dev.pdm.ticket.http.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RulesetRejectionTest {

  private static RuleEngine engine;

  @BeforeAll
  static void engine() {
    engine = new RuleEngine();
  }

  @Test
  void compileErrorsAreListedAgainstTheDrlWithTheirLine() {
    String drl = DefaultRuleset.drl() + "\nrule \"broken\"\nwhen\n    NoSuchFact()\nthen\nend\n";
    long defaultLines = DefaultRuleset.drl().lines().count();

    ValidationReport report = engine.validate("candidate", drl, DefaultRuleset.examples());
    Problem problem = RulesetRejection.problem("broken", report).toProblem("/rulesets");

    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.type()).endsWith(RulesetRejection.SLUG);
    assertThat(problem.errors()).isNotEmpty();
    assertThat(problem.errors()).allSatisfy(e -> assertThat(e.field()).isEqualTo("drl"));
    // the error points into the appended rule, below the default ruleset's last line
    assertThat(problem.errors())
        .anySatisfy(
            e -> {
              assertThat(e.message()).matches("(?s)line \\d+, .*");
              assertThat(Long.parseLong(e.message().replaceAll("(?s)^line (\\d+),.*$", "$1")))
                  .isGreaterThan(defaultLines);
            });
  }

  @Test
  void failingExamplesAreListedByNameWithWhatDiffered() {
    List<ExampleCase> examples = new ArrayList<>(DefaultRuleset.examples());
    ExampleCase first = examples.get(0);
    ExpectedDecision wrong =
        new ExpectedDecision(
            first.expect().kind(), null, dev.pdm.rules.decision.Priority.P4, null, null);
    examples.set(0, new ExampleCase(first.name(), first.request(), wrong));

    ValidationReport report = engine.validate("candidate", DefaultRuleset.drl(), examples);
    Problem problem = RulesetRejection.problem("wrong", report).toProblem("/rulesets");

    assertThat(problem.errors())
        .extracting(Problem.FieldError::field)
        .containsExactly("examples[" + first.name() + "]");
    assertThat(problem.errors().get(0).message()).contains("priority: expected P4 but was P1");
    assertThat(problem.detail()).contains("1 example(s) failed");
  }
}
