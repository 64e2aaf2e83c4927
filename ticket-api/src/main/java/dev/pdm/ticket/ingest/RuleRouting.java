package dev.pdm.ticket.ingest;

import dev.pdm.ticket.assignment.AssignmentNeed;
import dev.pdm.ticket.assignment.AssignmentScorer;
import dev.pdm.ticket.assignment.AssignmentStore;
import dev.pdm.ticket.assignment.Candidate;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.sla.BusinessCalendar;
import dev.pdm.ticket.sla.CalendarEntry;
import dev.pdm.ticket.sla.ClockRow;
import dev.pdm.ticket.sla.SlaClock;
import dev.pdm.ticket.sla.SlaService;
import dev.pdm.ticket.sla.SlaStore;
import dev.pdm.ticket.tickets.TicketService;
import dev.pdm.ticket.tickets.TicketView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out what a decision says about service level and routing, inside the deciding
 * transaction: the named SLA policy ({@code sla_named_policy}) replaces the targets and calendar of
 * the ticket's running clocks, and the named assignment group supplies the engineer. Whatever
 * cannot be carried out as named (an undefined policy or group, a group with nobody free) is
 * returned as a note that the inbox records with the decision; the ticket then keeps the service's
 * defaults rather than being refused.
 */
@ApplicationScoped
public class RuleRouting {

  /** Targets and calendar of one named policy. */
  record NamedPolicy(String name, int responseMinutes, int resolutionMinutes, String calendarId) {}

  /** An engineer group: its own routing, which qualifies its members. */
  record Group(String id, String region, String deviceClass, String model) {}

  /** What the audit trail shows of an SLA policy change. */
  record PolicyImage(String slaPolicy, Map<String, String> calendars, Map<String, Instant> due) {}

  private final SlaStore clocks;
  private final SlaService sla;
  private final TicketService tickets;
  private final AuditLog audit;
  private final AssignmentStore assignments;
  private final AssignmentScorer scorer = new AssignmentScorer();

  public RuleRouting(
      SlaStore clocks,
      SlaService sla,
      TicketService tickets,
      AuditLog audit,
      AssignmentStore assignments) {
    this.clocks = clocks;
    this.sla = sla;
    this.tickets = tickets;
    this.audit = audit;
    this.assignments = assignments;
  }

  /** The named group, if it is defined. */
  Uni<Optional<Group>> group(SqlClient db, String id) {
    if (id == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    return db.preparedQuery(
            "SELECT id, region, device_class, model FROM engineer_group WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Group(
                      r.getString("id"),
                      r.getString("region"),
                      r.getString("device_class"),
                      r.getString("model")));
            });
  }

  /**
   * Re-targets the ticket's running clocks to the named policy (stopped clocks stay as they ended).
   *
   * @return a note when the policy is not defined and the clocks keep the default targets
   */
  Uni<Optional<String>> applyPolicy(
      SqlClient db, long ticketId, String name, Caller actor, Instant now) {
    if (name == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    return db.preparedQuery(
            "SELECT name, response_minutes, resolution_minutes, calendar_id"
                + " FROM sla_named_policy WHERE name = $1")
        .execute(Tuple.of(name))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom()
                    .item(
                        Optional.of(
                            "SLA policy "
                                + name
                                + " is not defined: the clocks run on the default targets of the"
                                + " ticket's tier and priority"));
              }
              Row r = rows.iterator().next();
              NamedPolicy p =
                  new NamedPolicy(
                      r.getString("name"),
                      r.getInteger("response_minutes"),
                      r.getInteger("resolution_minutes"),
                      r.getString("calendar_id"));
              return retarget(db, ticketId, p, actor, now).replaceWith(Optional.<String>empty());
            });
  }

  private Uni<Void> retarget(
      SqlClient db, long ticketId, NamedPolicy p, Caller actor, Instant now) {
    return clocks
        .calendars(db)
        .chain(
            cals ->
                clocks
                    .lockClocks(db, ticketId)
                    .chain(
                        running -> {
                          CalendarEntry base = cals.get(p.calendarId());
                          if (base == null) {
                            throw new IllegalStateException(
                                "SLA policy "
                                    + p.name()
                                    + " names unknown calendar "
                                    + p.calendarId());
                          }
                          List<ClockRow> changed = new ArrayList<>();
                          for (ClockRow c : running) {
                            if (c.stoppedAt() == null) {
                              changed.add(retargeted(c, p, base.forSite(ZoneId.of(c.zone()))));
                            }
                          }
                          Uni<Void> chain = Uni.createFrom().voidItem();
                          for (ClockRow c : changed) {
                            chain = chain.chain(() -> clocks.save(db, c));
                          }
                          return chain.chain(
                              () ->
                                  audit.record(
                                      db,
                                      "ticket",
                                      "" + ticketId,
                                      ticketId,
                                      "SLA_POLICY",
                                      actor.name(),
                                      image(null, running),
                                      image(p.name(), changed),
                                      now));
                        }));
  }

  private ClockRow retargeted(ClockRow c, NamedPolicy p, BusinessCalendar cal) {
    Duration target =
        Duration.ofMinutes(
            ClockRow.RESPONSE.equals(c.clock()) ? p.responseMinutes() : p.resolutionMinutes());
    SlaClock s =
        new SlaClock(target, c.state().segmentStart(), c.state().consumed(), c.state().pausedAt());
    return new ClockRow(
        c.ticketId(),
        c.clock(),
        p.calendarId(),
        c.zone(),
        s,
        c.pausedSeconds(),
        s.due(cal),
        c.nextLevel(),
        s.paused() ? null : sla.nextFire(sla.levelsOf(c), s, cal, c.nextLevel()),
        null,
        c.levels());
  }

  private static PolicyImage image(String policy, List<ClockRow> rows) {
    Map<String, String> calendars = new java.util.TreeMap<>();
    Map<String, Instant> due = new java.util.TreeMap<>();
    for (ClockRow c : rows) {
      if (c.stoppedAt() == null) {
        calendars.put(c.clock(), c.calendarId());
        due.put(c.clock(), c.dueAt());
      }
    }
    return new PolicyImage(policy, calendars, due);
  }

  /**
   * Assigns the ticket to the least-loaded qualified member of the group: active, below their
   * threshold and, for a device ticket, holding the skill of its product line. The group is the
   * rule's choice, so its members qualify by the group's own region and product line, not the
   * ticket's.
   *
   * @return a note when nobody in the group could take the ticket (it stays unassigned)
   */
  Uni<Optional<String>> assignFromGroup(
      SqlClient db, TicketView t, Group g, Caller actor, Instant now) {
    Set<String> skills =
        t.serial() != null && t.deviceClass() != null
            ? Set.of(t.deviceClass().toLowerCase(Locale.ROOT))
            : Set.of();
    AssignmentNeed need = new AssignmentNeed(g.region(), g.deviceClass(), g.model(), skills);
    return assignments
        .groupMembers(db, g.id())
        .chain(all -> assignFirst(db, t, scorer.rank(need, all), 0, actor, now))
        .map(
            assigned ->
                assigned
                    ? Optional.<String>empty()
                    : Optional.of(
                        "nobody in assignment group "
                            + g.id()
                            + " is qualified with room: the ticket waits for dispatch"));
  }

  /** Tries the ranked members in order; another transaction may take a member's last slot. */
  private Uni<Boolean> assignFirst(
      SqlClient db, TicketView t, List<Candidate> ranked, int i, Caller actor, Instant now) {
    if (i >= ranked.size()) {
      return Uni.createFrom().item(false);
    }
    return tickets
        .assign(db, t.id(), null, ranked.get(i).engineerId(), Set.of(), actor, now)
        .map(x -> true)
        .onFailure(ProblemException.class)
        .recoverWithUni(e -> assignFirst(db, t, ranked, i + 1, actor, now));
  }
}
