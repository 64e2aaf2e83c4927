package dev.pdm.ticket.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.incident.Incident;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.ingest.IngestOutcome.Result;
import dev.pdm.ticket.ruleset.RulesetRuntime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Decides one incident or batch signal with the active ruleset and applies the decision in one
 * transaction together with its inbox row, so that the decision, the ticket change and the "already
 * handled" mark commit or roll back together. A version already in the inbox changes nothing; a
 * version older than one already applied is recorded and ignored.
 */
@ApplicationScoped
public class IngestService {

  private static final Logger LOG = Logger.getLogger(IngestService.class);

  private final Pool pool;
  private final InboxStore inbox;
  private final DecisionContext context;
  private final ProvisionalDevices provisional;
  private final DecisionApplier applier;
  private final RulesetRuntime rules;
  private final CommitHook hook;
  private final Clock clock;

  public IngestService(
      Pool pool,
      InboxStore inbox,
      DecisionContext context,
      ProvisionalDevices provisional,
      DecisionApplier applier,
      RulesetRuntime rules,
      CommitHook hook,
      Clock clock) {
    this.pool = pool;
    this.inbox = inbox;
    this.context = context;
    this.provisional = provisional;
    this.applier = applier;
    this.rules = rules;
    this.hook = hook;
    this.clock = clock;
  }

  public Uni<IngestOutcome> incident(Incident incident) {
    String family =
        AlarmCatalogue.standard().find(incident.primaryCode()).map(AlarmCode::family).orElse(null);
    Subject s =
        new Subject(
            incident.incidentId(),
            incident.version(),
            InboxStore.INCIDENT,
            incident.serial(),
            incident.batch(),
            family,
            EventCodec.encodeToString(incident));
    return handle(
        s,
        (db, now) ->
            provisional
                .lookup(db, incident)
                .chain(
                    known ->
                        context
                            .forIncident(db, incident, known.imported(), now)
                            .map(r -> new Prepared(r, notes(incident, known)))));
  }

  /** A device the registry import does not know yet is worth a word on every decision. */
  private static List<String> notes(Incident incident, ProvisionalDevices.Known known) {
    if (known.imported().isPresent()) {
      return List.of();
    }
    return List.of(
        "device "
            + incident.serial()
            + (known.registeredNow()
                ? " is not in the registry: registered from the incident's facts until imported"
                : " is not imported yet: known from its incidents' facts"));
  }

  public Uni<IngestOutcome> batchSignal(BatchRiskSignal signal) {
    Subject s =
        new Subject(
            signal.signalId(),
            signal.version(),
            InboxStore.BATCH_SIGNAL,
            null,
            signal.batch(),
            signal.failureMode(),
            EventCodec.encodeToString(signal));
    return handle(
        s,
        (db, now) -> context.forBatchSignal(db, signal, now).map(r -> new Prepared(r, List.of())));
  }

  /** The request the rules decide, and what the ingestion noticed while gathering it. */
  private record Prepared(DecisionRequest request, List<String> notes) {}

  private record Subject(
      String id,
      long version,
      String kind,
      String serial,
      String batch,
      String failureMode,
      String payload) {}

  private Uni<IngestOutcome> handle(
      Subject s, BiFunction<SqlClient, Instant, Uni<Prepared>> requestFor) {
    Instant now = clock.instant();
    return pool.withTransaction(
            db ->
                inbox
                    .lockSubject(db, s.id())
                    .chain(() -> inbox.seen(db, s.id(), s.version()))
                    .chain(
                        seen -> {
                          if (seen.thisVersion()) {
                            return Uni.createFrom().item(outcome(s, Result.DUPLICATE, null, null));
                          }
                          if (seen.newest() != null && seen.newest() > s.version()) {
                            String why = "version " + seen.newest() + " was applied before";
                            return inbox
                                .insert(db, entry(s, Result.STALE, null, null, null, why, now))
                                .map(x -> outcome(s, Result.STALE, null, why));
                          }
                          return requestFor
                              .apply(db, now)
                              .chain(p -> decideAndApply(db, s, p, now));
                        }))
        .onFailure(ProblemException.class)
        .recoverWithUni(e -> reject(s, (ProblemException) e, now));
  }

  private Uni<IngestOutcome> decideAndApply(SqlClient db, Subject s, Prepared p, Instant now) {
    DecisionRequest request = p.request();
    Decision decision = rules.decide(request);
    return applier
        .apply(db, request, decision, now)
        .chain(
            applied -> {
              List<String> notes = new ArrayList<>(p.notes());
              notes.addAll(applied.notes());
              String detail =
                  notes.isEmpty()
                      ? decision.reason()
                      : decision.reason() + "; " + String.join("; ", notes);
              Long ticketId = applied.ticketId();
              return inbox
                  .insert(db, entry(s, Result.APPLIED, request, decision, ticketId, detail, now))
                  .map(
                      x -> {
                        hook.beforeCommit(s.id(), s.version());
                        LOG.debugf(
                            "%s v%d: %s by %s",
                            s.id(), s.version(), decision.summary(), decision.rulesFired());
                        return outcome(s, Result.APPLIED, ticketId, decision.summary());
                      });
            });
  }

  /**
   * The ticket service refused the decision (e.g. an unknown device, a ticket no longer open): the
   * refusal is recorded in a transaction of its own, so the message is acknowledged instead of
   * being redelivered forever.
   */
  private Uni<IngestOutcome> reject(Subject s, ProblemException e, Instant now) {
    String why = "ticket service refused the decision: " + e.getMessage();
    LOG.warnf("%s v%d: %s", s.id(), s.version(), why);
    return pool.withTransaction(
        db ->
            inbox
                .lockSubject(db, s.id())
                .chain(
                    () -> inbox.insert(db, entry(s, Result.REJECTED, null, null, null, why, now)))
                .map(x -> outcome(s, Result.REJECTED, null, why)));
  }

  private static InboxStore.Entry entry(
      Subject s,
      Result result,
      DecisionRequest request,
      Decision decision,
      Long ticketId,
      String detail,
      Instant now) {
    return new InboxStore.Entry(
        s.id(),
        s.version(),
        s.kind(),
        s.serial(),
        s.batch(),
        s.failureMode(),
        result,
        decision == null ? null : decision.kind().name(),
        ticketId,
        decision == null ? null : decision.rulesetVersion(),
        s.payload(),
        json(request),
        json(decision),
        detail,
        now);
  }

  private static String json(Object o) {
    if (o == null) {
      return null;
    }
    try {
      return EventCodec.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IngestOutcome outcome(Subject s, Result r, Long ticketId, String detail) {
    return new IngestOutcome(r, s.id(), s.version(), ticketId, detail);
  }
}
