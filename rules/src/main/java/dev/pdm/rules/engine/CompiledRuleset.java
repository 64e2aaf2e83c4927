package dev.pdm.rules.engine;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.DecisionSheet;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieContainerSessionsPool;
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

  private static final int INITIAL_SESSIONS = 2;

  private final String version;
  private final String drl;
  private final KieBase kieBase;
  private final KieContainerSessionsPool sessions;
  private final List<String> ruleNames;
  private final List<RulesetProblem> warnings;

  CompiledRuleset(
      String version,
      String drl,
      KieContainer container,
      List<String> ruleNames,
      List<RulesetProblem> warnings) {
    this.version = version;
    this.drl = drl;
    this.kieBase = container.getKieBase();
    // Building a session's node memories costs more than evaluating the rules; pooled sessions
    // are reset on dispose and keep them. The pool grows on demand, so concurrency is unbounded.
    this.sessions = container.newKieSessionsPool(INITIAL_SESSIONS);
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
    KieSession session = sessions.newKieSession();
    try {
      FiredRules.of(session).recordInto(fired);
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
      FiredRules.of(session).recordInto(null);
      // returns the session to the pool, reset
      session.dispose();
    }
    return sheet.toDecision(request.subjectId(), version, fired);
  }

  /** Releases the pooled sessions; decide must not be called afterwards. */
  public void close() {
    sessions.shutdown();
  }

  KieBase kieBase() {
    return kieBase;
  }

  /**
   * Records the names of fired rules. One per pooled session, which only one thread uses at a time,
   * so the target list is set per evaluation.
   */
  private static final class FiredRules extends DefaultAgendaEventListener {
    private List<String> target;

    static FiredRules of(KieSession session) {
      for (AgendaEventListener l : session.getAgendaEventListeners()) {
        if (l instanceof FiredRules f) {
          return f;
        }
      }
      FiredRules f = new FiredRules();
      session.addEventListener(f);
      return f;
    }

    void recordInto(List<String> list) {
      target = list;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
      if (target != null) {
        target.add(event.getMatch().getRule().getName());
      }
    }
  }

  @Override
  public String toString() {
    return "CompiledRuleset[" + version + ", " + ruleNames.size() + " rules]";
  }
}
