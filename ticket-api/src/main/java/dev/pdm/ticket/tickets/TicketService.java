package dev.pdm.ticket.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.ticket.assignment.AssignmentNeed;
import dev.pdm.ticket.assignment.AssignmentScorer;
import dev.pdm.ticket.assignment.AssignmentStore;
import dev.pdm.ticket.assignment.Candidate;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.db.Jsonb;
import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.devices.DeviceStore;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.lifecycle.HoldReason;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketAction;
import dev.pdm.ticket.lifecycle.TicketStateMachine;
import dev.pdm.ticket.lifecycle.TicketStatus;
import dev.pdm.ticket.lifecycle.TicketType;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  private final DeviceStore devices;
  private final AssignmentStore assignment;
  private final SlaService sla;
  private final AuditLog audit;
  private final TicketStateMachine lifecycle = new TicketStateMachine();
  private final AssignmentScorer scorer = new AssignmentScorer();
  private final ZoneId defaultZone;

  public TicketService(
      TicketStore tickets,
      DeviceStore devices,
      AssignmentStore assignment,
      SlaService sla,
      AuditLog audit,
      TicketApiConfig config) {
    this.tickets = tickets;
    this.devices = devices;
    this.assignment = assignment;
    this.sla = sla;
    this.audit = audit;
    this.defaultZone = config.sla().defaultZone();
  }

  /** Opens a ticket: device facts, SLA clocks, links, audit, and optionally an assignee. */
  public Uni<TicketView> create(SqlClient db, NewTicket cmd, Caller actor, Instant now) {
    return deviceFor(db, cmd)
        .chain(
            device -> {
              TicketStore.TicketRow row = row(cmd, device, actor, now);
              ZoneId zone = device == null ? defaultZone : ZoneId.of(device.timezone());
              return tickets
                  .insert(db, row)
                  .onFailure(e -> Sql.isUniqueViolation(e, "ticket_source_ref_idx"))
                  .transform(
                      e ->
                          ProblemException.conflict(
                              "duplicate-source",
                              "a ticket for source " + cmd.sourceRef() + " already exists"))
                  .chain(
                      id ->
                          link(db, id, cmd.linkedTickets(), linkKind(cmd.type()), actor, now)
                              .chain(
                                  () ->
                                      sla.start(
                                          db,
                                          id,
                                          row.customerTier(),
                                          row.priority().name(),
                                          zone,
                                          now))
                              .chain(() -> require(tickets.find(db, id), id))
                              .call(
                                  t ->
                                      audit.record(
                                          db,
                                          "ticket",
                                          "" + id,
                                          id,
                                          "CREATE",
                                          actor.name(),
                                          null,
                                          t,
                                          now))
                              .chain(
                                  t ->
                                      cmd.autoAssign()
                                          ? autoAssign(
                                              db, t, cmd.requiredSkills(), actor, now, false)
                                          : Uni.createFrom().item(t)));
            });
  }

  public Uni<TicketView> get(SqlClient db, long id, Caller caller) {
    return require(tickets.find(db, id), id)
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
    return locked(db, id, expectedVersion)
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
                  .chain(() -> finish(db, before, "UPDATE", actor, now));
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
    return locked(db, id, expectedVersion)
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
                  .chain(() -> finish(db, before, action.name(), actor, now));
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
    return locked(db, id, expectedVersion)
        .chain(
            before -> {
              if (lifecycle.judgeAssignment(before.facts())
                  instanceof TransitionOutcome.Illegal illegal) {
                throw ProblemException.conflict("illegal-transition", illegal.detail());
              }
              if (engineerId == null) {
                return autoAssign(db, before, skills, actor, now, true);
              }
              if (engineerId.equals(before.assignee())) {
                return Uni.createFrom().item(before);
              }
              return assignment
                  .engineer(db, engineerId)
                  .chain(
                      e -> {
                        if (e.isEmpty()) {
                          throw ProblemException.unprocessable(
                              "unknown-engineer", "engineer " + engineerId + " does not exist");
                        }
                        return assignment.take(db, engineerId);
                      })
                  .chain(
                      group -> {
                        if (group.isEmpty()) {
                          throw ProblemException.conflict(
                              "engineer-at-capacity",
                              "engineer " + engineerId + " is inactive or at their load threshold");
                        }
                        return setAssignee(db, before, engineerId, group.get(), now)
                            .chain(
                                () ->
                                    finish(
                                        db,
                                        before,
                                        before.assignee() == null ? "ASSIGN" : "REASSIGN",
                                        actor,
                                        now));
                      });
            });
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
    return locked(db, id, null)
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
              boolean raise = raiseTo != null && raiseTo.moreUrgentThan(before.priority());
              if (raise) {
                set.put("priority", raiseTo);
              }
              return tickets
                  .update(db, id, set, now)
                  .chain(
                      () ->
                          raise
                              ? sla.retarget(db, id, before.customerTier(), raiseTo.name())
                              : Uni.createFrom().voidItem())
                  .chain(() -> finish(db, before, "FOLD", actor, now));
            });
  }

  /** Raises priority (re-targeting the clocks) and the escalation level, with a reason. */
  public Uni<TicketView> escalate(
      SqlClient db, long id, Priority priority, String reason, Caller actor, Instant now) {
    return locked(db, id, null)
        .chain(
            before -> {
              if (!before.status().isOpen()) {
                throw ProblemException.conflict(
                    "ticket-not-open", "cannot escalate a " + before.status() + " ticket");
              }
              Map<String, Object> set = new LinkedHashMap<>();
              set.put("escalation_level", before.escalationLevel() + 1);
              boolean raise = priority != null && priority.moreUrgentThan(before.priority());
              if (raise) {
                set.put("priority", priority);
              }
              if (reason != null) {
                set.put("open_reason", reason);
              }
              return tickets
                  .update(db, id, set, now)
                  .chain(
                      () ->
                          raise
                              ? sla.retarget(db, id, before.customerTier(), priority.name())
                              : Uni.createFrom().voidItem())
                  .chain(() -> finish(db, before, "ESCALATE", actor, now));
            });
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
    return locked(db, id, expectedVersion)
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
                  .chain(() -> finish(db, before, "FOLLOW_UP_RECORDED", actor, now));
            });
  }

  /** Locks the ticket and checks the caller's version; 404 and 412 otherwise. */
  public Uni<TicketView> locked(SqlClient db, long id, Long expectedVersion) {
    return require(tickets.lock(db, id), id)
        .map(
            t -> {
              if (expectedVersion != null && t.version() != expectedVersion) {
                throw ProblemException.stale(t.version());
              }
              return t;
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
        effects = sla.stopAll(db, id, now).chain(() -> release(db, t));
      }
      case CLOSE -> set.put("closed_at", now);
      case CANCEL -> {
        set.put("cancelled_at", now);
        set.put("resolution_note", reason);
        effects = sla.stopAll(db, id, now).chain(() -> release(db, t));
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
                      assignment
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

  private Uni<Void> release(SqlClient db, TicketView t) {
    return t.assignee() == null
        ? Uni.createFrom().voidItem()
        : assignment.release(db, t.assignee());
  }

  private Uni<TicketView> autoAssign(
      SqlClient db,
      TicketView t,
      Set<String> extraSkills,
      Caller actor,
      Instant now,
      boolean mustAssign) {
    if (t.region() == null || t.deviceClass() == null) {
      if (mustAssign) {
        throw ProblemException.unprocessable(
            "no-engineer-available", "the ticket has no region and product line to assign by");
      }
      return Uni.createFrom().item(t);
    }
    Set<String> skills = new HashSet<>(extraSkills == null ? Set.of() : extraSkills);
    skills.add(t.deviceClass().toLowerCase(Locale.ROOT));
    AssignmentNeed need = new AssignmentNeed(t.region(), t.deviceClass(), t.model(), skills);
    return assignment
        .candidates(db, t.region(), t.deviceClass())
        .map(
            all ->
                scorer.rank(need, all).stream()
                    .filter(c -> !c.engineerId().equals(t.assignee()))
                    .toList())
        .chain(ranked -> takeFirst(db, ranked, 0))
        .chain(
            chosen -> {
              if (chosen.isEmpty()) {
                if (mustAssign) {
                  throw ProblemException.conflict(
                      "no-engineer-available",
                      "no qualified engineer below their load threshold in "
                          + t.region()
                          + " for "
                          + t.deviceClass());
                }
                return Uni.createFrom().item(t);
              }
              Candidate c = chosen.get();
              return setAssignee(db, t, c.engineerId(), c.groupId(), now)
                  .chain(
                      () ->
                          finish(db, t, t.assignee() == null ? "ASSIGN" : "REASSIGN", actor, now));
            });
  }

  /** Tries candidates in rank order until one's load can be taken (others may race us). */
  private Uni<Optional<Candidate>> takeFirst(SqlClient db, List<Candidate> ranked, int i) {
    if (i >= ranked.size()) {
      return Uni.createFrom().item(Optional.empty());
    }
    Candidate c = ranked.get(i);
    return assignment
        .take(db, c.engineerId())
        .chain(
            g ->
                g.isPresent()
                    ? Uni.createFrom().item(Optional.of(c))
                    : takeFirst(db, ranked, i + 1));
  }

  private Uni<Void> setAssignee(
      SqlClient db, TicketView t, String engineerId, String groupId, Instant now) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("assignee", engineerId);
    set.put("group_id", groupId);
    if (t.status() == TicketStatus.NEW) {
      set.put("status", TicketStatus.ASSIGNED);
    }
    return release(db, t).chain(() -> tickets.update(db, t.id(), set, now));
  }

  private Uni<TicketView> finish(
      SqlClient db, TicketView before, String action, Caller actor, Instant now) {
    return require(tickets.find(db, before.id()), before.id())
        .call(
            after ->
                audit.record(
                    db,
                    "ticket",
                    "" + before.id(),
                    before.id(),
                    action,
                    actor.name(),
                    before,
                    after,
                    now));
  }

  private Uni<Void> link(
      SqlClient db, long from, List<Long> to, String kind, Caller actor, Instant now) {
    if (to.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tickets
        .existing(db, to)
        .chain(
            found -> {
              List<Long> missing = to.stream().filter(i -> !found.contains(i)).toList();
              if (!missing.isEmpty()) {
                throw ProblemException.unprocessable(
                    "unknown-ticket", "linked tickets do not exist: " + missing);
              }
              return db.preparedQuery(
                      "INSERT INTO ticket_link (from_id, to_id, kind, created_by, created_at)"
                          + " SELECT $1, unnest($2::bigint[]), $3, $4, $5 ON CONFLICT DO NOTHING")
                  .execute(
                      io.vertx.mutiny.sqlclient.Tuple.of(
                          from, to.toArray(Long[]::new), kind, actor.name(), Sql.ts(now)))
                  .replaceWithVoid();
            });
  }

  private static String linkKind(TicketType type) {
    return type == TicketType.BATCH_PROBLEM ? "PROBLEM_OF" : "RELATED";
  }

  private Uni<DeviceFacts> deviceFor(SqlClient db, NewTicket cmd) {
    if (!cmd.type().needsDevice()) {
      if (cmd.batch() == null || cmd.batch().isBlank()) {
        throw ProblemException.invalidField("batch", "is required for a " + cmd.type() + " ticket");
      }
      return Uni.createFrom().nullItem();
    }
    if (cmd.device() != null) {
      return Uni.createFrom().item(cmd.device());
    }
    if (cmd.serial() == null || cmd.serial().isBlank()) {
      throw ProblemException.invalidField("serial", "is required for a " + cmd.type() + " ticket");
    }
    return devices
        .find(db, cmd.serial())
        .map(
            d ->
                d.orElseThrow(
                    () ->
                        ProblemException.unprocessable(
                            "unknown-device",
                            "device "
                                + cmd.serial()
                                + " is not in the registry; import it first")));
  }

  private static TicketStore.TicketRow row(
      NewTicket cmd, DeviceFacts d, Caller actor, Instant now) {
    Decision decision = cmd.decision();
    return new TicketStore.TicketRow(
        cmd.type(),
        cmd.priority(),
        cmd.title(),
        cmd.description(),
        d == null ? null : d.serial(),
        d == null ? cmd.deviceClass() : d.deviceClass().name(),
        d == null ? cmd.model() : d.model(),
        d == null ? null : d.firmware(),
        d == null ? cmd.batch() : d.batch(),
        d == null ? null : d.siteId(),
        d == null ? null : d.region(),
        d == null ? null : d.customerId(),
        d == null ? null : d.customerName(),
        // batch problems are internal: they run on the standard tier's targets
        d == null ? "STANDARD" : d.customerTier().name(),
        cmd.alarmCodes(),
        cmd.evidence(),
        decision == null ? null : decision.label(),
        decision == null ? null : decision.reason(),
        decision,
        cmd.sourceRef(),
        actor.name(),
        now);
  }

  private static Uni<TicketView> require(Uni<Optional<TicketView>> find, long id) {
    return find.map(t -> t.orElseThrow(() -> ProblemException.notFound("ticket " + id)));
  }

  private static void putIf(Map<String, Object> set, String column, Object value) {
    if (value != null) {
      set.put(column, value);
    }
  }
}
