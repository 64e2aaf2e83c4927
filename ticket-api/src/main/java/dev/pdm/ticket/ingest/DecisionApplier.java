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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a rule decision through the ticket service, inside the caller's transaction: open,
 * fold, escalate, reopen, link device tickets to a batch problem; SUPPRESS and NONE change no
 * ticket. An opened ticket runs on the decision's SLA policy and goes to its assignment group
 * ({@link RuleRouting}); an escalation that names a policy moves the clocks to it.
 */
@ApplicationScoped
public class DecisionApplier {

  /** The name automatic changes carry in the audit trail. */
  public static final String ACTOR = "rule-engine";

  private static final Caller SYSTEM = Caller.system(ACTOR);

  private final TicketService tickets;
  private final RuleRouting routing;

  public DecisionApplier(TicketService tickets, RuleRouting routing) {
    this.tickets = tickets;
    this.routing = routing;
  }

  /**
   * What applying a decision did.
   *
   * @param ticketId the ticket opened or changed, or null
   * @param notes what could not be carried out as the decision named it (e.g. an undefined SLA
   *     policy), recorded with the decision
   */
  public record Applied(Long ticketId, List<String> notes) {

    static Applied none() {
      return new Applied(null, List.of());
    }
  }

  public Uni<Applied> apply(SqlClient db, DecisionRequest request, Decision d, Instant now) {
    return switch (d.kind()) {
      case OPEN -> open(db, request, d, now);
      case FOLD ->
          tickets
              .foldOccurrence(db, id(d), codes(request), evidence(request, d), null, SYSTEM, now)
              .call(t -> link(db, t.id(), d.linkTicketIds(), now))
              .map(t -> new Applied(t.id(), List.of()));
      case ESCALATE ->
          tickets
              .escalate(db, id(d), priority(d), d.reason(), SYSTEM, now)
              .chain(
                  t ->
                      routing
                          .applyPolicy(db, t.id(), d.slaPolicy(), SYSTEM, now)
                          .map(note -> new Applied(t.id(), note.stream().toList())));
      case REOPEN ->
          tickets
              .transition(db, id(d), null, TicketAction.REOPEN, null, d.reason(), SYSTEM, now)
              .map(t -> new Applied(t.id(), List.of()));
      case SUPPRESS, NONE -> Uni.createFrom().item(Applied.none());
    };
  }

  /**
   * Opens the ticket on the decision's SLA policy and with an engineer of its assignment group. A
   * group that is not defined leaves assignment to the service's routing by region and product
   * line.
   */
  private Uni<Applied> open(SqlClient db, DecisionRequest request, Decision d, Instant now) {
    return routing
        .group(db, d.assignmentGroup())
        .chain(
            group -> {
              List<String> notes = new ArrayList<>();
              if (d.assignmentGroup() != null && group.isEmpty()) {
                notes.add(
                    "assignment group "
                        + d.assignmentGroup()
                        + " is not defined: assigned by region and product line");
              }
              return tickets
                  .create(db, newTicket(request, d, group.isEmpty()), SYSTEM, now)
                  .call(
                      t ->
                          routing
                              .applyPolicy(db, t.id(), d.slaPolicy(), SYSTEM, now)
                              .invoke(n -> n.ifPresent(notes::add)))
                  .call(
                      t ->
                          group.isEmpty()
                              ? Uni.createFrom().voidItem()
                              : routing
                                  .assignFromGroup(db, t, group.get(), SYSTEM, now)
                                  .invoke(n -> n.ifPresent(notes::add)))
                  .map(t -> new Applied(t.id(), List.copyOf(notes)));
            });
  }

  private static NewTicket newTicket(DecisionRequest request, Decision d, boolean autoAssign) {
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
        autoAssign,
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
