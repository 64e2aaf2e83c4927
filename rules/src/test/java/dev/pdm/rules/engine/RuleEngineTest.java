package dev.pdm.rules.engine;

import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pdm.rules.RulesTesting;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.examples.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

  private static final String HEADER =
      """
      package dev.pdm.rules.decision;
      import dev.pdm.model.event.Severity;

      """;

  private final RuleEngine engine = RulesTesting.ENGINE;

  @Test
  void defaultRulesetCompilesWithEveryRuleNamed() {
    CompiledRuleset rules = RulesTesting.defaultRuleset();

    assertThat(rules.version()).isEqualTo(DefaultRuleset.VERSION);
    assertThat(rules.ruleNames())
        .hasSize(27)
        .contains("Ground fault opens a P1 device-fault ticket for the safety team");
  }

  @Test
  void syntaxErrorIsReportedWithItsLine() {
    String drl =
        HEADER
            + """
            rule "Critical opens"
            when
                IncidentFact(severity == )
            then
            end
            """;

    RulesetValidationException e =
        catchThrowableOfType(RulesetValidationException.class, () -> engine.compile("bad-1", drl));

    assertThat(e.version()).isEqualTo("bad-1");
    assertThat(e.problems()).isNotEmpty();
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isEqualTo(6));
  }

  @Test
  void unknownFactTypeIsRejectedWithItsLine() {
    String drl =
        HEADER
            + """
            rule "Turbine overspeed opens"
            when
                Turbine(rpm > 3000)
                $out : DecisionSheet(undecided)
            then
                modify($out) { suppress("x") }
            end
            """;

    RulesetValidationException e =
        catchThrowableOfType(RulesetValidationException.class, () -> engine.compile("bad-2", drl));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.message()).contains("Turbine");
            });
  }

  @Test
  void unknownFieldOfAKnownFactIsRejectedWithItsLine() {
    String drl =
        HEADER
            + """
            rule "High voltage opens"
            when
                IncidentFact(voltage > 1000)
                $out : DecisionSheet(undecided)
            then
                modify($out) { suppress("x") }
            end
            """;

    RulesetValidationException e =
        catchThrowableOfType(RulesetValidationException.class, () -> engine.compile("bad-3", drl));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.message()).contains("voltage");
            });
  }

  @Test
  void consequenceThatDoesNotCompileIsRejected() {
    String drl =
        HEADER
            + """
            rule "Anything opens"
            when
                $out : DecisionSheet(undecided)
            then
                $out.openEverything();
            end
            """;

    RulesetValidationException e =
        catchThrowableOfType(RulesetValidationException.class, () -> engine.compile("bad-4", drl));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(4));
    assertThat(e.getMessage()).contains("openEverything");
  }

  @Test
  void ruleReadingTheMachinesClockIsRejectedWithItsLine() {
    String drl =
        HEADER
            + """
            rule "Old incident opens"
            when
                IncidentFact($first : firstSeen)
                $out : DecisionSheet(undecided)
                eval(java.time.Duration.between($first, java.time.Instant.now()).toHours() > 1)
            then
                modify($out) { suppress("x") } // Instant.now() in a comment is fine
            end
            """;

    RulesetValidationException e =
        catchThrowableOfType(
            RulesetValidationException.class, () -> engine.compile("clock-1", drl));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(8);
              assertThat(p.column()).isEqualTo(55);
              assertThat(p.message()).contains("Instant.now(").contains("Clock");
            });
  }

  @Test
  void emptyRulesetAndRulesetWithoutRulesAreRejected() {
    assertThatThrownBy(() -> engine.compile("empty", " "))
        .isInstanceOf(RulesetValidationException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> engine.compile("no-rules", HEADER))
        .isInstanceOf(RulesetValidationException.class)
        .hasMessageContaining("no rules");
  }

  @Test
  void brokenRulesetNeverReplacesTheActiveOneAndDecisionsStayTheSame() {
    ActiveRuleset active = new ActiveRuleset(engine, RulesTesting.defaultRuleset());
    DecisionRequest major = request(incident(SERIAL, OVER_TEMP)).build();
    Decision before = active.decide(major);

    ValidationReport report =
        active.propose(
            "broken-2",
            DefaultRuleset.drl().replace("severity == Severity.MAJOR", "severity =="),
            List.of());

    assertThat(report.accepted()).isFalse();
    assertThat(report.ruleset()).isNull();
    assertThat(report.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isPositive());
    assertThat(active.current().version()).isEqualTo(DefaultRuleset.VERSION);
    assertThat(active.decide(major)).isEqualTo(before);
  }

  @Test
  void acceptedRulesetReplacesTheActiveOne() {
    ActiveRuleset active = new ActiveRuleset(engine, RulesTesting.defaultRuleset());

    ValidationReport report =
        active.propose("default-2", DefaultRuleset.drl(), DefaultRuleset.examples());

    assertThat(report.accepted()).isTrue();
    assertThat(active.current().version()).isEqualTo("default-2");
    assertThat(active.decide(request(incident(SERIAL, OVER_TEMP)).build()).rulesetVersion())
        .isEqualTo("default-2");
  }

  @Test
  void rulesThatReactivateEachOtherAreStoppedWithAnError() {
    CompiledRuleset looping =
        engine.compile(
            "loop-1",
            HEADER
                + """
                rule "Notes forever"
                when
                    $out : DecisionSheet()
                then
                    modify($out) { note("again") }
                end
                """);

    assertThatThrownBy(() -> looping.decide(request(incident(SERIAL, OVER_TEMP)).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("re-activate");
  }

  @Test
  void rulesetWhereNoRuleDecidesYieldsNone() {
    CompiledRuleset quiet =
        engine.compile(
            "quiet-1",
            HEADER
                + """
                rule "Only info is suppressed"
                when
                    IncidentFact(severity == Severity.INFO)
                    $out : DecisionSheet(undecided)
                then
                    modify($out) { suppress("info") }
                end
                """);

    Decision d = quiet.decide(request(incident(SERIAL, OVER_TEMP)).build());

    assertThat(d.kind()).isEqualTo(DecisionKind.NONE);
    assertThat(d.rulesFired()).isEmpty();
    assertThat(d.rulesetVersion()).isEqualTo("quiet-1");
  }

  @Test
  void twoVersionsCompiledSideBySideKeepTheirOwnRules() {
    String suppressAll =
        HEADER
            + """
            rule "Everything is suppressed"
            when
                $out : DecisionSheet(undecided)
            then
                modify($out) { suppress("all") }
            end
            """;
    CompiledRuleset a = engine.compile("same", suppressAll);
    CompiledRuleset b = engine.compile("same", DefaultRuleset.drl());
    DecisionRequest major = request(incident(SERIAL, OVER_TEMP)).build();

    assertThat(a.decide(major).kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(b.decide(major).kind()).isEqualTo(DecisionKind.OPEN);
  }
}
