package dev.pdm.ticket.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.incident.Incident;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketAction;
import dev.pdm.ticket.lifecycle.TicketType;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.tickets.NewTicket;
import dev.pdm.ticket.tickets.TicketService;
import dev.pdm.ticket.tickets.TicketView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Carries out a rule decision through the ticket service, inside the caller's transaction: open,
 * fold, escalate, reopen, link device tickets to a batch problem; SUPPRESS and NONE change no
 * ticket. Returns the id of the ticket opened or changed, or null.
 */
@ApplicationScoped
public class DecisionApplier {

  /** The name automatic changes carry in the audit trail. */
  public static final String ACTOR = "rule-engine";

  private static final Caller SYSTEM = Caller.system(ACTOR);

  private final TicketService tickets;

  public DecisionApplier(TicketService tickets) {
    this.tickets = tickets;
  }

  public Uni<Long> apply(SqlClient db, DecisionRequest request, Decision d, Instant now) {
    return switch (d.kind()) {
      case OPEN -> tickets.create(db, newTicket(request, d), SYSTEM, now).map(TicketView::id);
      case FOLD ->
          tickets
              .foldOccurrence(db, id(d), codes(request), evidence(request, d), null, SYSTEM, now)
              .call(t -> link(db, t.id(), d.linkTicketIds(), now))
              .map(TicketView::id);
      case ESCALATE ->
          tickets.escalate(db, id(d), priority(d), d.reason(), SYSTEM, now).map(TicketView::id);
      case REOPEN ->
          tickets
              .transition(db, id(d), null, TicketAction.REOPEN, null, d.reason(), SYSTEM, now)
              .map(TicketView::id);
      case SUPPRESS, NONE -> Uni.createFrom().nullItem();
    };
  }

  private static NewTicket newTicket(DecisionRequest request, Decision d) {
    TicketType type = TicketType.valueOf(d.ticketType().name());
    Incident i = request.incident();
    BatchRiskSignal s = request.batchSignal();
    DeviceFacts device = request.device();
    return new NewTicket(
        type,
        priority(d),
        d.title(),
        d.reason(),
        i == null ? null : i.serial(),
        device,
        i != null ? i.batch() : s.batch(),
        i != null ? i.deviceClass().name() : s.deviceClass().name(),
        i != null ? i.model() : s.model(),
        codes(request),
        evidence(request, d),
        new dev.pdm.ticket.tickets.Decision(d.rulesetVersion(), d.rulesFired(), d.reason()),
        sourceRef(request),
        d.linkTicketIds().stream().map(Long::valueOf).toList(),
        true,
        null);
  }

  /**
   * One ticket per incident version at most; the inbox makes a redelivery a no-op before this is
   * reached, the unique source reference is the database's second line of defence.
   */
  static String sourceRef(DecisionRequest r) {
    return r.incident() != null
        ? "incident:" + r.incident().incidentId() + "@" + r.incident().version()
        : "batch-risk:" + r.batchSignal().signalId() + "@" + r.batchSignal().version();
  }

  private static List<String> codes(DecisionRequest r) {
    return r.incident() != null ? r.incident().codes() : List.of();
  }

  /**
   * What the ticket keeps as evidence: the incident (or signal) that caused the change with its
   * telemetry evidence and suppressed symptoms, and the decision with the rules that fired.
   */
  static JsonNode evidence(DecisionRequest r, Decision d) {
    ObjectNode root = EventCodec.mapper().createObjectNode();
    if (r.incident() != null) {
      root.set("incident", EventCodec.mapper().valueToTree(r.incident()));
    } else {
      root.set("batchSignal", EventCodec.mapper().valueToTree(r.batchSignal()));
    }
    root.set("decision", EventCodec.mapper().valueToTree(d));
    return root;
  }

  private Uni<Void> link(SqlClient db, long problemId, List<String> deviceTickets, Instant now) {
    if (deviceTickets.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    // the same links the ticket service writes when it opens a batch problem
    return db.preparedQuery(
            "INSERT INTO ticket_link (from_id, to_id, kind, created_by, created_at)"
                + " SELECT $1, unnest($2::bigint[]), 'PROBLEM_OF', $3, $4 ON CONFLICT DO NOTHING")
        .execute(
            Tuple.of(
                problemId,
                deviceTickets.stream().map(Long::valueOf).toArray(Long[]::new),
                ACTOR,
                Sql.ts(now)))
        .replaceWithVoid();
  }

  private static long id(Decision d) {
    return Long.parseLong(d.ticketId());
  }

  private static Priority priority(Decision d) {
    return d.priority() == null ? null : Priority.valueOf(d.priority().name());
  }
}
