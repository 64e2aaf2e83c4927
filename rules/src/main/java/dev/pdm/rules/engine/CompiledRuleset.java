package dev.pdm.rules.engine;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.DecisionSheet;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * A compiled, immutable ruleset version. {@link #decide} is thread-safe: the KieBase is shared and
 * each call runs in its own short-lived session, so no state leaks between evaluations.
 */
public final class CompiledRuleset {

  /**
   * Upper bound on rule firings in one evaluation; a correct ruleset fires a handful. Reaching it
   * means rules keep re-activating each other.
   */
  static final int MAX_FIRINGS = 500;

  private final String version;
  private final String drl;
  private final KieBase kieBase;
  private final List<String> ruleNames;
  private final List<RulesetProblem> warnings;

  CompiledRuleset(
      String version,
      String drl,
      KieBase kieBase,
      List<String> ruleNames,
      List<RulesetProblem> warnings) {
    this.version = version;
    this.drl = drl;
    this.kieBase = kieBase;
    this.ruleNames = List.copyOf(ruleNames);
    this.warnings = List.copyOf(warnings);
  }

  public String version() {
    return version;
  }

  /** The DRL text this ruleset was compiled from. */
  public String drl() {
    return drl;
  }

  /** Names of all rules in the ruleset, sorted. */
  public List<String> ruleNames() {
    return ruleNames;
  }

  /** Compiler warnings (the ruleset compiled despite them). */
  public List<RulesetProblem> warnings() {
    return warnings;
  }

  /**
   * Evaluates one request: inserts its facts and an empty decision sheet, fires the rules and
   * returns the decision with the names of the rules that fired, in order.
   *
   * @throws IllegalStateException if the rules loop (more than {@value #MAX_FIRINGS} firings)
   */
  public Decision decide(DecisionRequest request) {
    List<String> fired = new ArrayList<>(8);
    DecisionSheet sheet = new DecisionSheet();
    KieSession session = kieBase.newKieSession();
    try {
      session.addEventListener(
          new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
              fired.add(event.getMatch().getRule().getName());
            }
          });
      for (Object fact : request.facts()) {
        session.insert(fact);
      }
      session.insert(sheet);
      int count = session.fireAllRules(MAX_FIRINGS);
      if (count >= MAX_FIRINGS) {
        throw new IllegalStateException(
            "ruleset "
                + version
                + " fired "
                + count
                + " rules for "
                + request.subjectId()
                + ": rules re-activate each other; last fired "
                + fired.subList(Math.max(0, fired.size() - 5), fired.size()));
      }
    } finally {
      session.dispose();
    }
    return sheet.toDecision(request.subjectId(), version, fired);
  }

  @Override
  public String toString() {
    return "CompiledRuleset[" + version + ", " + ruleNames.size() + " rules]";
  }
}
