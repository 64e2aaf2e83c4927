package dev.pdm.ticket.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.db.Jsonb;
import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.lifecycle.HoldReason;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketAction;
import dev.pdm.ticket.lifecycle.TicketStateMachine;
import dev.pdm.ticket.lifecycle.TicketStatus;
import dev.pdm.ticket.lifecycle.TransitionOutcome;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.sla.ClockRow;
import dev.pdm.ticket.sla.SlaService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What can be done to tickets. Every method runs inside the caller's transaction ({@code db} is a
 * connection with an open transaction), so the REST layer and the later incident ingestion can
 * combine several operations atomically. {@code expectedVersion} null skips the optimistic check
 * (for automatic callers that hold the row lock anyway).
 */
@ApplicationScoped
public class TicketService {

  private final TicketStore tickets;
  private final TicketWrites writes;
  private final TicketOpening opening;
  private final TicketAssignments assignments;
  private final SlaService sla;
  private final TicketStateMachine lifecycle = new TicketStateMachine();
  private final ZoneId defaultZone;

  public TicketService(
      TicketStore tickets,
      TicketWrites writes,
      TicketOpening opening,
      TicketAssignments assignments,
      SlaService sla,
      TicketApiConfig config) {
    this.tickets = tickets;
    this.writes = writes;
    this.opening = opening;
    this.assignments = assignments;
    this.sla = sla;
    this.defaultZone = config.sla().defaultZone();
  }

  /** Opens a ticket: device facts, SLA clocks, links, audit, and optionally an assignee. */
  public Uni<TicketView> create(SqlClient db, NewTicket cmd, Caller actor, Instant now) {
    return opening
        .deviceFor(db, cmd)
        .chain(
            device -> {
              TicketStore.TicketRow row = TicketOpening.row(cmd, device, actor, now);
              ZoneId zone = device == null ? defaultZone : ZoneId.of(device.timezone());
              // clocks first: their due instants go into the insert, so the new ticket is not
              // read back
              return sla.plan(db, row.customerTier(), row.priority().name(), zone, now)
                  .chain(
                      clocks ->
                          tickets
                              .insertReturning(
                                  db,
                                  row,
                                  SlaService.due(clocks, ClockRow.RESPONSE),
                                  SlaService.due(clocks, ClockRow.RESOLUTION))
                              .onFailure(e -> Sql.isUniqueViolation(e, "ticket_source_ref_idx"))
                              .transform(
                                  e ->
                                      ProblemException.conflict(
                                          "duplicate-source",
                                          "a ticket for source "
                                              + cmd.sourceRef()
                                              + " already exists"))
                              .call(t -> sla.insert(db, t.id(), clocks)))
                  .call(
                      t ->
                          opening.link(
                              db,
                              t.id(),
                              cmd.linkedTickets(),
                              TicketOpening.linkKind(cmd.type()),
                              actor,
                              now))
                  .call(
                      t ->
                          writes
                              .audit()
                              .record(
                                  db,
                                  "ticket",
                                  "" + t.id(),
                                  t.id(),
                                  "CREATE",
                                  actor.name(),
                                  null,
                                  t,
                                  now))
                  .chain(
                      t ->
                          cmd.autoAssign()
                              ? assignments.autoAssign(
                                  db, t, cmd.requiredSkills(), actor, now, false)
                              : Uni.createFrom().item(t));
            });
  }

  public Uni<TicketView> get(SqlClient db, long id, Caller caller) {
    return writes
        .require(tickets.find(db, id), id)
        .map(
            t -> {
              if (caller.isCustomerOnly() && !caller.customerScope().equals(t.customerId())) {
                // a customer must not learn that another customer's ticket exists
                throw ProblemException.notFound("ticket " + id);
              }
              return t;
            });
  }

  /** Edits fields of an open ticket. */
  public Uni<TicketView> update(
      SqlClient db, long id, Long expectedVersion, TicketChanges c, Caller actor, Instant now) {
    return writes
        .locked(db, id, expectedVersion)
        .chain(
            before -> {
              if (!before.status().isOpen()) {
                throw ProblemException.conflict(
                    "ticket-not-open", "a " + before.status() + " ticket cannot be edited");
              }
              Map<String, Object> set = new LinkedHashMap<>();
              putIf(set, "title", c.title());
              putIf(set, "description", c.description());
              putIf(set, "priority", c.priority());
              putIf(set, "root_cause", c.rootCause());
              putIf(set, "parts_used", c.partsUsed());
              putIf(set, "no_parts", c.noParts());
              putIf(set, "resolution_note", c.resolutionNote());
              putIf(set, "alarm_codes", c.alarmCodes());
              if (c.evidence() != null) {
                set.put("evidence", new Jsonb(c.evidence().toString()));
              }
              Uni<Void> retarget =
                  c.priority() != null && c.priority() != before.priority()
                      ? sla.retarget(db, id, before.customerTier(), c.priority().name())
                      : Uni.createFrom().voidItem();
              return tickets
                  .update(db, id, set, now)
                  .chain(() -> retarget)
                  .chain(() -> writes.finish(db, before, "UPDATE", actor, now));
            });
  }

  /** Moves a ticket through its lifecycle, enforcing the requirements of the target status. */
  public Uni<TicketView> transition(
      SqlClient db,
      long id,
      Long expectedVersion,
      TicketAction action,
      HoldReason holdReason,
      String reason,
      Caller actor,
      Instant now) {
    return writes
        .locked(db, id, expectedVersion)
        .chain(
            before -> {
              TransitionOutcome outcome =
                  lifecycle.judge(before.facts(), action, holdReason, reason);
              if (outcome instanceof TransitionOutcome.Illegal illegal) {
                throw ProblemException.conflict("illegal-transition", illegal.detail());
              }
              if (outcome instanceof TransitionOutcome.Unmet unmet) {
                throw ProblemException.unmet(
                    "cannot " + action + " ticket " + id + ": requirements not met",
                    unmet.violations());
              }
              TicketStatus target = ((TransitionOutcome.Allowed) outcome).target();
              return apply(db, before, action, target, holdReason, reason, now)
                  .chain(() -> writes.finish(db, before, action.name(), actor, now));
            });
  }

  /**
   * Assigns to a named engineer, or automatically when {@code engineerId} is null. Never takes an
   * engineer over their threshold; the previous assignee's load is released.
   */
  public Uni<TicketView> assign(
      SqlClient db,
      long id,
      Long expectedVersion,
      String engineerId,
      Set<String> skills,
      Caller actor,
      Instant now) {
    return assignments.assign(db, id, expectedVersion, engineerId, skills, actor, now);
  }

  /** Locks the ticket and checks the caller's version; 404 and 412 otherwise. */
  public Uni<TicketView> locked(SqlClient db, long id, Long expectedVersion) {
    return writes.locked(db, id, expectedVersion);
  }

  /** Folds a re-occurrence into an open ticket: counts it, adds codes, may raise the priority. */
  public Uni<TicketView> foldOccurrence(
      SqlClient db,
      long id,
      List<String> codes,
      JsonNode evidence,
      Priority raiseTo,
      Caller actor,
      Instant now) {
    return writes
        .locked(db, id, null)
        .chain(
            before -> {
              if (!before.status().isOpen()) {
                throw ProblemException.conflict(
                    "ticket-not-open", "cannot fold into a " + before.status() + " ticket");
              }
              Set<String> all = new LinkedHashSet<>(before.alarmCodes());
              all.addAll(codes == null ? List.of() : codes);
              Map<String, Object> set = new LinkedHashMap<>();
              set.put("occurrences", before.occurrences() + 1);
              set.put("alarm_codes", new ArrayList<>(all));
              if (evidence != null) {
                set.put("evidence", new Jsonb(evidence.toString()));
              }
              return updateRaisingPriority(db, before, set, raiseTo, "FOLD", actor, now);
            });
  }

  /** Raises priority (re-targeting the clocks) and the escalation level, with a reason. */
  public Uni<TicketView> escalate(
      SqlClient db, long id, Priority priority, String reason, Caller actor, Instant now) {
    return writes
        .locked(db, id, null)
        .chain(
            before -> {
              if (!before.status().isOpen()) {
                throw ProblemException.conflict(
                    "ticket-not-open", "cannot escalate a " + before.status() + " ticket");
              }
              Map<String, Object> set = new LinkedHashMap<>();
              set.put("escalation_level", before.escalationLevel() + 1);
              if (reason != null) {
                set.put("open_reason", reason);
              }
              return updateRaisingPriority(db, before, set, priority, "ESCALATE", actor, now);
            });
  }

  /**
   * Writes {@code set}, plus {@code raiseTo} as the priority when it is more urgent than the
   * ticket's (re-targeting its SLA clocks), and audits the change as {@code action}.
   */
  private Uni<TicketView> updateRaisingPriority(
      SqlClient db,
      TicketView before,
      Map<String, Object> set,
      Priority raiseTo,
      String action,
      Caller actor,
      Instant now) {
    boolean raise = raiseTo != null && raiseTo.moreUrgentThan(before.priority());
    if (raise) {
      set.put("priority", raiseTo);
    }
    return tickets
        .update(db, before.id(), set, now)
        .chain(
            () ->
                raise
                    ? sla.retarget(db, before.id(), before.customerTier(), raiseTo.name())
                    : Uni.createFrom().voidItem())
        .chain(() -> writes.finish(db, before, action, actor, now));
  }

  /** Records the customer's verdict during follow-up. */
  public Uni<TicketView> followUp(
      SqlClient db,
      long id,
      Long expectedVersion,
      int satisfaction,
      String note,
      Caller actor,
      Instant now) {
    return writes
        .locked(db, id, expectedVersion)
        .chain(
            before -> {
              if (before.status() != TicketStatus.FOLLOW_UP) {
                throw ProblemException.conflict(
                    "illegal-transition",
                    "follow-up is recorded in FOLLOW_UP, the ticket is " + before.status());
              }
              Map<String, Object> set = new LinkedHashMap<>();
              set.put("satisfaction", satisfaction);
              set.put("follow_up_note", note);
              return tickets
                  .update(db, id, set, now)
                  .chain(() -> writes.finish(db, before, "FOLLOW_UP_RECORDED", actor, now));
            });
  }

  private Uni<Void> apply(
      SqlClient db,
      TicketView t,
      TicketAction action,
      TicketStatus target,
      HoldReason holdReason,
      String reason,
      Instant now) {
    long id = t.id();
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("status", target);
    Uni<Void> effects = Uni.createFrom().voidItem();
    switch (action) {
      case START -> {
        if (t.respondedAt() == null) {
          set.put("responded_at", now);
        }
        effects = sla.stop(db, id, ClockRow.RESPONSE, now);
      }
      case HOLD -> {
        set.put("hold_reason", holdReason);
        set.put("held_from", t.status());
        effects = sla.pause(db, id, now);
      }
      case RESUME -> {
        set.put("hold_reason", null);
        set.put("held_from", null);
        effects = sla.resume(db, id, now);
      }
      case RESOLVE -> {
        set.put("resolved_at", now);
        effects = sla.stopAll(db, id, now).chain(() -> assignments.release(db, t));
      }
      case CLOSE -> set.put("closed_at", now);
      case CANCEL -> {
        set.put("cancelled_at", now);
        set.put("resolution_note", reason);
        effects = sla.stopAll(db, id, now).chain(() -> assignments.release(db, t));
      }
      case REOPEN -> {
        set.put("reopen_count", t.reopenCount() + 1);
        set.put("resolved_at", null);
        set.put("closed_at", null);
        effects = sla.restartResolution(db, id, now);
        if (t.assignee() != null) {
          // the engineer gets the ticket back only if they have room; otherwise it is re-queued
          effects =
              effects.chain(
                  () ->
                      assignments
                          .take(db, t.assignee())
                          .chain(
                              g -> {
                                if (g.isPresent()) {
                                  return Uni.createFrom().voidItem();
                                }
                                Map<String, Object> requeue = new LinkedHashMap<>();
                                requeue.put("assignee", null);
                                requeue.put("status", TicketStatus.NEW);
                                return tickets.update(db, id, requeue, now);
                              }));
        }
      }
      case FOLLOW_UP -> {}
    }
    Uni<Void> sideEffects = effects;
    return tickets.update(db, id, set, now).chain(() -> sideEffects);
  }

  private static void putIf(Map<String, Object> set, String column, Object value) {
    if (value != null) {
      set.put(column, value);
    }
  }
}
