package dev.pdm.ticket.ruleset;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;
import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ExampleCases;
import dev.pdm.rules.examples.ValidationReport;
import dev.pdm.ticket.audit.AuditLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The ruleset in force on this replica. The database is the truth: at start the default ruleset is
 * installed as version 1 if there is none, and every replica polls the id of the active version and
 * recompiles when it changed, so activations and rollbacks reach all replicas without a restart.
 * Evaluations in flight finish on the version they started with.
 */
@ApplicationScoped
public class RulesetRuntime {

  static final String SYSTEM_ACTOR = "system";
  private static final Logger LOG = Logger.getLogger(RulesetRuntime.class);
  private static final Duration DB_WAIT = Duration.ofSeconds(30);

  /** The active version and its compiled rules, swapped atomically. */
  public record Active(long versionId, CompiledRuleset ruleset) {}

  private final Pool pool;
  private final RulesetStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final RulesetConfig config;
  private final RuleEngine engine;
  private final AtomicReference<Active> active = new AtomicReference<>();
  private final Map<Long, CompiledRuleset> compiled;
  private ScheduledExecutorService poller;

  public RulesetRuntime(
      Pool pool, RulesetStore store, AuditLog audit, Clock clock, RulesetConfig config) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.config = config;
    this.engine = withRulesClassLoader(RuleEngine::new);
    int cacheSize = config.compiledCacheSize();
    this.compiled =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, CompiledRuleset> eldest) {
            return size() > cacheSize;
          }
        };
  }

  void onStart(@Observes StartupEvent event) {
    installDefaultIfEmpty();
    refresh();
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ruleset-poller");
              t.setDaemon(true);
              return t;
            });
    long every = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** The version in force; evaluate with {@code active().ruleset().decide(...)}. */
  public Active active() {
    Active a = active.get();
    if (a == null) {
      throw new IllegalStateException("no ruleset is active yet");
    }
    return a;
  }

  /** Decides with the version in force. */
  public Decision decide(DecisionRequest request) {
    CompiledRuleset rules = active().ruleset();
    return withRulesClassLoader(() -> rules.decide(request));
  }

  /**
   * Reads the active version id and recompiles if it changed. A version that no longer compiles (it
   * passed validation when uploaded, so only an engine upgrade could cause this) is logged and the
   * previous one keeps running.
   */
  public synchronized void refresh() {
    Optional<Activation> current = pool.withConnection(store::current).await().atMost(DB_WAIT);
    if (current.isEmpty()) {
      return;
    }
    long id = current.get().versionId();
    Active now = active.get();
    if (now != null && now.versionId() == id) {
      return;
    }
    RulesetVersion version =
        pool.withConnection(db -> store.find(db, id))
            .await()
            .atMost(DB_WAIT)
            .orElseThrow(() -> new IllegalStateException("active ruleset " + id + " is missing"));
    active.set(new Active(id, compile(version)));
    LOG.infof(
        "ruleset %s (%s) is active: %d rules",
        version.engineVersion(), version.label(), version.ruleNames().size());
  }

  /** The compiled rules of a stored version, from the cache when this replica compiled it. */
  public CompiledRuleset compile(RulesetVersion version) {
    synchronized (compiled) {
      CompiledRuleset hit = compiled.get(version.id());
      if (hit != null) {
        return hit;
      }
    }
    CompiledRuleset rules =
        withRulesClassLoader(() -> engine.compile(version.engineVersion(), version.drl()));
    synchronized (compiled) {
      compiled.put(version.id(), rules);
    }
    return rules;
  }

  /** Compiles a candidate and runs its examples; never throws for a bad ruleset. */
  public ValidationReport validate(String engineVersion, String drl, List<ExampleCase> examples) {
    return withRulesClassLoader(() -> engine.validate(engineVersion, drl, examples));
  }

  /** Keeps a version that was just validated, so activating it compiles nothing. */
  void remember(long versionId, CompiledRuleset rules) {
    synchronized (compiled) {
      compiled.put(versionId, rules);
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warnf(e, "could not refresh the active ruleset; keeping %s", active.get());
    }
  }

  private void installDefaultIfEmpty() {
    if (!pool.withConnection(store::isEmpty).await().atMost(DB_WAIT)) {
      return;
    }
    // compiled here, off the event loop; the transaction re-checks under the lock because another
    // replica may be installing at the same moment
    CompiledRuleset rules = withRulesClassLoader(() -> DefaultRuleset.compile(engine));
    String examples = ExampleCases.toJson(DefaultRuleset.examples());
    Instant now = clock.instant();
    pool.withTransaction(
            db ->
                store
                    .lock(db)
                    .chain(() -> store.isEmpty(db))
                    .chain(
                        empty ->
                            !empty
                                ? Uni.createFrom().voidItem()
                                : store
                                    .insert(
                                        db,
                                        DefaultRuleset.VERSION,
                                        "installed at first start",
                                        DefaultRuleset.drl(),
                                        examples,
                                        rules.ruleNames(),
                                        SYSTEM_ACTOR,
                                        now)
                                    .call(
                                        id ->
                                            store.activate(
                                                db, id, null, "INSTALL", SYSTEM_ACTOR, now))
                                    .call(
                                        id ->
                                            audit.record(
                                                db,
                                                "ruleset",
                                                "" + id,
                                                null,
                                                "INSTALL",
                                                SYSTEM_ACTOR,
                                                null,
                                                Map.of(
                                                    "version", id, "label", DefaultRuleset.VERSION),
                                                now))
                                    .replaceWithVoid()))
        .await()
        .atMost(DB_WAIT);
  }

  /**
   * Drools discovers its services and loads the fact classes through the context class loader; in
   * the packaged application that must be the loader that holds the rules module, whatever thread
   * (poller, worker, MQTT callback) compiles.
   */
  static <T> T withRulesClassLoader(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(RuleEngine.class.getClassLoader());
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
