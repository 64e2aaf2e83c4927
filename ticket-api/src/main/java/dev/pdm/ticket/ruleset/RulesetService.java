package dev.pdm.ticket.ruleset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.rules.backtest.BacktestReport;
import dev.pdm.rules.backtest.Backtester;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ExampleCases;
import dev.pdm.rules.examples.ValidationReport;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.ingest.InboxStore;
import dev.pdm.ticket.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule management: upload (compile, validate, run the examples, store), activate, roll back,
 * backtest and dry-run. Every change is audited. Compilation happens before any transaction opens
 * and off the event loop: callers run these methods on worker threads.
 */
@ApplicationScoped
public class RulesetService {

  private final Pool pool;
  private final RulesetStore store;
  private final RulesetRuntime runtime;
  private final InboxStore inbox;
  private final AuditLog audit;
  private final RulesetConfig config;
  private final Clock clock;

  public RulesetService(
      Pool pool,
      RulesetStore store,
      RulesetRuntime runtime,
      InboxStore inbox,
      AuditLog audit,
      RulesetConfig config,
      Clock clock) {
    this.pool = pool;
    this.store = store;
    this.runtime = runtime;
    this.inbox = inbox;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** A stored version with the report of its examples. */
  public record Uploaded(RulesetVersion version, ValidationReport report, boolean active) {}

  /**
   * Validates and stores a new version; activates it too when asked. A version that does not
   * compile or fails an example is refused (422 listing the compile errors with their lines and the
   * failing examples) and the rejection is audited; the active version is untouched.
   */
  public Uploaded upload(
      String label, String comment, String drl, String examplesJson, boolean activate, Caller who) {
    List<ExampleCase> examples;
    try {
      examples = ExampleCases.parse(examplesJson);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("examples", e.getMessage());
    }
    if (examples.isEmpty()) {
      throw ProblemException.invalidField(
          "examples", "a ruleset needs at least one example case with its expected decision");
    }
    ValidationReport report = runtime.validate("candidate", drl, examples);
    Instant now = clock.instant();
    if (!report.accepted()) {
      Map<String, Object> what = new LinkedHashMap<>();
      what.put("label", label);
      what.put("problems", report.problems());
      what.put("failedExamples", report.failures().stream().map(f -> f.name()).toList());
      pool.withTransaction(
              db -> audit.record(db, "ruleset", label, null, "REJECT", who.name(), null, what, now))
          .await()
          .indefinitely();
      throw RulesetRejection.problem(label, report);
    }
    List<String> ruleNames = report.ruleset().ruleNames();
    List<String> activeRules = runtime.active().ruleset().ruleNames();
    RulesetVersion stored =
        pool.withTransaction(
                db ->
                    store
                        .insert(db, label, comment, drl, examplesJson, ruleNames, who.name(), now)
                        .call(
                            id ->
                                audit.record(
                                    db,
                                    "ruleset",
                                    "" + id,
                                    null,
                                    "UPLOAD",
                                    who.name(),
                                    null,
                                    summary(
                                        id,
                                        label,
                                        comment,
                                        ruleNames,
                                        examples.size(),
                                        activeRules),
                                    now))
                        .chain(id -> store.find(db, id))
                        .map(v -> v.orElseThrow()))
            .await()
            .indefinitely();
    if (activate) {
      activate(stored.id(), who);
    }
    return new Uploaded(stored, report, activate);
  }

  /** Puts a stored version in force on every replica; this one switches before returning. */
  public Activation activate(long versionId, Caller who) {
    return switchTo(versionId, "ACTIVATE", who);
  }

  /** Goes back to the version that was in force before the current one. */
  public Activation rollback(Caller who) {
    Activation current = pool.withConnection(store::current).await().indefinitely().orElseThrow();
    if (current.previousId() == null) {
      throw ProblemException.conflict(
          "nothing-to-roll-back", "version " + current.versionId() + " has no predecessor");
    }
    return switchTo(current.previousId(), "ROLLBACK", who);
  }

  private Activation switchTo(long versionId, String action, Caller who) {
    RulesetVersion version = find(versionId);
    // compiled before the switch, so a replica never points at rules it cannot load
    runtime.compile(version);
    Instant now = clock.instant();
    Activation done =
        pool.withTransaction(
                db ->
                    store
                        .lock(db)
                        .chain(() -> store.current(db))
                        .chain(
                            current -> {
                              Long previous = current.map(Activation::versionId).orElse(null);
                              if (previous != null
                                  && previous == versionId
                                  && "ACTIVATE".equals(action)) {
                                return Uni.createFrom().item(current.get());
                              }
                              Map<String, Object> before = new LinkedHashMap<>();
                              before.put("activeVersion", previous);
                              return store
                                  .activate(db, versionId, previous, action, who.name(), now)
                                  .chain(
                                      () ->
                                          audit.record(
                                              db,
                                              "ruleset",
                                              "" + versionId,
                                              null,
                                              action,
                                              who.name(),
                                              before,
                                              Map.of("activeVersion", versionId),
                                              now))
                                  .chain(() -> store.current(db))
                                  .map(a -> a.orElseThrow());
                            }))
            .await()
            .indefinitely();
    runtime.refresh();
    return done;
  }

  public RulesetVersion find(long versionId) {
    return pool.withConnection(db -> store.find(db, versionId))
        .await()
        .indefinitely()
        .orElseThrow(() -> ProblemException.notFound("ruleset version " + versionId));
  }

  /**
   * Replays the decisions recorded in {@code [from, to)} through the active version and the
   * candidate: which tickets would open, fold, escalate or be suppressed differently.
   */
  public BacktestReport backtest(long candidateId, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ProblemException.invalidField("from", "must be before to");
    }
    CompiledRuleset candidate = runtime.compile(find(candidateId));
    CompiledRuleset active = runtime.active().ruleset();
    List<DecisionRequest> recorded = new ArrayList<>();
    for (InboxStore.Recorded r :
        pool.withConnection(db -> inbox.applied(db, from, to, config.backtestLimit()))
            .await()
            .indefinitely()) {
      recorded.add(read(r.request(), DecisionRequest.class));
    }
    return RulesetRuntime.withRulesClassLoader(
        () -> Backtester.backtest(active, candidate, recorded));
  }

  /** What a version (the active one when null) decides for a request, changing nothing. */
  public Decision dryRun(Long versionId, DecisionRequest request) {
    CompiledRuleset rules =
        versionId == null ? runtime.active().ruleset() : runtime.compile(find(versionId));
    return RulesetRuntime.withRulesClassLoader(() -> rules.decide(request));
  }

  /** What the upload holds, and which rules it adds and drops against the active version. */
  private static Map<String, Object> summary(
      long id,
      String label,
      String comment,
      List<String> rules,
      int examples,
      List<String> activeRules) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", id);
    m.put("label", label);
    m.put("comment", comment);
    m.put("rules", rules);
    m.put("examples", examples);
    m.put("rulesAdded", rules.stream().filter(r -> !activeRules.contains(r)).toList());
    m.put("rulesDropped", activeRules.stream().filter(r -> !rules.contains(r)).toList());
    return m;
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return EventCodec.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable recorded request: " + e.getOriginalMessage(), e);
    }
  }
}
