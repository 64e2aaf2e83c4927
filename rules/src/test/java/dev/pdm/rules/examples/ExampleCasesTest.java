package dev.pdm.rules.examples;

import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.codec.EventCodec;
import dev.pdm.rules.RulesTesting;
import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.Priority;
import dev.pdm.rules.decision.TicketType;
import dev.pdm.rules.engine.ActiveRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleCasesTest {

  private final RuleEngine engine = RulesTesting.ENGINE;

  @Test
  void defaultRulesetPassesAllItsExamples() {
    List<ExampleCase> examples = DefaultRuleset.examples();

    ValidationReport report =
        engine.validate(DefaultRuleset.VERSION, DefaultRuleset.drl(), examples);

    assertThat(examples).hasSize(20);
    assertThat(report.failures()).isEmpty();
    assertThat(report.accepted()).isTrue();
    assertThat(report.ruleset()).isNotNull();
    assertThat(report.examples())
        .extracting(ExampleResult::name)
        .hasSize(20)
        .doesNotHaveDuplicates();
  }

  @Test
  void examplesSurviveAJsonRoundTrip() {
    List<ExampleCase> examples = DefaultRuleset.examples();

    assertThat(ExampleCases.parse(ExampleCases.toJson(examples))).isEqualTo(examples);
  }

  @Test
  void failingExampleRejectsTheRulesetAndSaysWhy() {
    String majorIsP3 =
        DefaultRuleset.drl()
            .replace("$a : Assessment(below(Priority.P2))", "$a : Assessment(below(Priority.P3))")
            .replace("modify($a) { raise(Priority.P2) }", "modify($a) { raise(Priority.P3) }");

    ValidationReport report = engine.validate("major-is-p3", majorIsP3, DefaultRuleset.examples());

    assertThat(report.accepted()).isFalse();
    assertThat(report.problems()).isEmpty();
    assertThat(report.ruleset()).isNull();
    assertThat(report.failures())
        .extracting(ExampleResult::name)
        .contains("major inverter over-temperature opens a P2 device-fault ticket");
    assertThat(report.failures())
        .filteredOn(r -> r.name().startsWith("major inverter"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.mismatches())
                    .containsExactly(
                        "priority: expected P2 but was P3",
                        "slaPolicy: expected device-gold-p2 but was device-gold-p3"));
  }

  @Test
  void rulesetWithAFailingExampleIsNotActivated() {
    ActiveRuleset active = new ActiveRuleset(engine, RulesTesting.defaultRuleset());
    ExampleCase wrong =
        new ExampleCase(
            "major over-temperature expected to be suppressed",
            request(incident(SERIAL, OVER_TEMP)).build(),
            new ExpectedDecision(DecisionKind.SUPPRESS, null, null, null, null));

    ValidationReport report = active.propose("default-2", DefaultRuleset.drl(), List.of(wrong));

    assertThat(report.accepted()).isFalse();
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.actual().kind()).isEqualTo(DecisionKind.OPEN);
              assertThat(r.mismatches()).containsExactly("kind: expected SUPPRESS but was OPEN");
            });
    assertThat(active.current().version()).isEqualTo(DefaultRuleset.VERSION);
  }

  @Test
  void exampleCanPinTheRoutingOfItsDecision() {
    ExampleCase routed =
        new ExampleCase(
            "major over-temperature goes to the safety team",
            request(incident(SERIAL, OVER_TEMP)).build(),
            new ExpectedDecision(
                DecisionKind.OPEN,
                TicketType.DEVICE_FAULT,
                Priority.P2,
                null,
                null,
                "safety-gold-p1",
                "safety-response"));

    ValidationReport report = engine.validate("routing-1", DefaultRuleset.drl(), List.of(routed));

    assertThat(report.accepted()).isFalse();
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.mismatches())
                    .containsExactly(
                        "slaPolicy: expected safety-gold-p1 but was device-gold-p2",
                        "assignmentGroup: expected safety-response but was"
                            + " field-service-east-china"));
  }

  @Test
  void rulesetWithoutExamplesIsNotAccepted() {
    ValidationReport report = engine.validate("bare-1", DefaultRuleset.drl(), List.of());

    assertThat(report.accepted()).isFalse();
    assertThat(report.ruleset()).isNull();
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("at least one example"));
  }

  @Test
  void rulesetThatDoesNotCompileIsReportedWithoutRunningExamples() {
    ValidationReport report =
        engine.validate(
            "package dev.pdm.rules.decision;\nrule \"x\" when Nope() then end\n",
            DefaultRuleset.examples());

    assertThat(report.accepted()).isFalse();
    assertThat(report.version()).isEqualTo("candidate");
    assertThat(report.examples()).isEmpty();
    assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
  }

  @Test
  void consequenceThatThrowsFailsItsExampleInsteadOfTheValidation() {
    String doubleDecision =
        """
        package dev.pdm.rules.decision;
        rule "Suppress then open"
        when
            $out : DecisionSheet(undecided)
        then
            $out.suppress("first");
            $out.open(TicketType.DEVICE_FAULT, Priority.P1, "x", "y", "z", "second");
        end
        """;
    ExampleCase example =
        new ExampleCase(
            "anything",
            request(incident(SERIAL, OVER_TEMP)).build(),
            new ExpectedDecision(
                DecisionKind.OPEN, TicketType.DEVICE_FAULT, Priority.P1, null, null));

    ValidationReport report = engine.validate("throws-1", doubleDecision, List.of(example));

    assertThat(report.accepted()).isFalse();
    assertThat(report.failures())
        .singleElement()
        .satisfies(r -> assertThat(r.mismatches().get(0)).startsWith("evaluation failed"));
  }

  @Test
  void validationReportSerialisesWithoutTheCompiledRuleset() throws Exception {
    ValidationReport report =
        engine.validate(DefaultRuleset.VERSION, DefaultRuleset.drl(), DefaultRuleset.examples());

    String json = EventCodec.mapper().writeValueAsString(report);

    assertThat(json).contains("\"accepted\":true").doesNotContain("\"ruleset\"");
  }

  @Test
  void malformedExampleJsonIsRejectedNamingTheProblem() {
    assertThatThrownBy(
            () -> ExampleCases.parse("[{\"name\":\"x\",\"request\":{\"now\":\"yesterday\"}}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid example cases");
  }
}
