package dev.pdm.ticket.tickets;

import dev.pdm.ticket.assignment.AssignmentNeed;
import dev.pdm.ticket.assignment.AssignmentScorer;
import dev.pdm.ticket.assignment.AssignmentStore;
import dev.pdm.ticket.assignment.Candidate;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.lifecycle.TicketStateMachine;
import dev.pdm.ticket.lifecycle.TicketStatus;
import dev.pdm.ticket.lifecycle.TransitionOutcome;
import dev.pdm.ticket.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Assignment of tickets to engineers, inside the caller's transaction: by hand or by the {@link
 * AssignmentScorer}'s ranking, always taking the engineer's load with a conditional update.
 */
@ApplicationScoped
public class TicketAssignments {

  private final TicketStore tickets;
  private final AssignmentStore assignment;
  private final TicketWrites writes;
  private final TicketStateMachine lifecycle = new TicketStateMachine();
  private final AssignmentScorer scorer = new AssignmentScorer();

  public TicketAssignments(TicketStore tickets, AssignmentStore assignment, TicketWrites writes) {
    this.tickets = tickets;
    this.assignment = assignment;
    this.writes = writes;
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
    return writes
        .locked(db, id, expectedVersion)
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
                                    writes.finish(
                                        db,
                                        before,
                                        before.assignee() == null ? "ASSIGN" : "REASSIGN",
                                        actor,
                                        now));
                      });
            });
  }

  /** Takes one unit of an engineer's load if they have room; the group when taken. */
  Uni<Optional<String>> take(SqlClient db, String engineerId) {
    return assignment.take(db, engineerId);
  }

  Uni<Void> release(SqlClient db, TicketView t) {
    return t.assignee() == null
        ? Uni.createFrom().voidItem()
        : assignment.release(db, t.assignee());
  }

  Uni<TicketView> autoAssign(
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
                          writes.finish(
                              db, t, t.assignee() == null ? "ASSIGN" : "REASSIGN", actor, now));
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
}
