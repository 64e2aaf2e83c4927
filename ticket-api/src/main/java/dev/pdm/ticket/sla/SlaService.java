package dev.pdm.ticket.sla;

import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.http.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Starts, pauses, resumes, stops and re-targets a ticket's SLA clocks inside the caller's
 * transaction. Every change recomputes and stores the due instant and the next firing instant, so a
 * restarted or different replica carries on exactly where this one stopped.
 */
@ApplicationScoped
public class SlaService {

  private final SlaStore store;
  private final SlaLevels levels;

  public SlaService(SlaStore store, TicketApiConfig config) {
    this.store = store;
    this.levels =
        new SlaLevels(
            config.sla().warningFraction(),
            config.sla().escalationStep(),
            config.sla().escalationLevels());
  }

  /** The service-wide default levels (pdm.sla.*), for policies that set none. */
  public SlaLevels levels() {
    return levels;
  }

  /** The levels a stored clock fires. */
  public SlaLevels levelsOf(ClockRow c) {
    return c.levels() == null ? levels : c.levels();
  }

  /** Starts the response and resolution clocks of a new ticket. */
  public Uni<Void> start(
      SqlClient db, long ticketId, String tier, String priority, ZoneId zone, Instant now) {
    return plan(db, tier, priority, zone, now).chain(clocks -> insert(db, ticketId, clocks));
  }

  /**
   * The response and resolution clocks a ticket opened now would get (ticket id not yet known); 422
   * when no policy covers the tier and priority. Their due instants go into the ticket's insert,
   * which saves reading the ticket back.
   */
  public Uni<List<ClockRow>> plan(
      SqlClient db, String tier, String priority, ZoneId zone, Instant now) {
    return store
        .policy(db, tier, priority)
        .chain(
            p -> {
              SlaPolicy policy =
                  p.orElseThrow(
                      () ->
                          ProblemException.unprocessable(
                              "no-sla-policy",
                              "no SLA policy for tier " + tier + " and priority " + priority));
              return store
                  .calendars(db)
                  .map(
                      cals -> {
                        BusinessCalendar cal = calendar(cals, policy.calendarId(), zone.getId());
                        SlaLevels policyLevels = policy.levels(levels);
                        return List.of(
                            fresh(
                                0,
                                ClockRow.RESPONSE,
                                policy,
                                zone,
                                cal,
                                now,
                                Duration.ofMinutes(policy.responseMinutes()),
                                policyLevels),
                            fresh(
                                0,
                                ClockRow.RESOLUTION,
                                policy,
                                zone,
                                cal,
                                now,
                                Duration.ofMinutes(policy.resolutionMinutes()),
                                policyLevels));
                      });
            });
  }

  /** Stores planned clocks for the ticket they now belong to. */
  public Uni<Void> insert(SqlClient db, long ticketId, List<ClockRow> planned) {
    return store.insertAll(
        db,
        planned.stream()
            .map(
                c ->
                    new ClockRow(
                        ticketId,
                        c.clock(),
                        c.calendarId(),
                        c.zone(),
                        c.state(),
                        c.pausedSeconds(),
                        c.dueAt(),
                        c.nextLevel(),
                        c.nextFireAt(),
                        c.stoppedAt(),
                        c.levels()))
            .toList());
  }

  /** The due instant of the named clock among planned ones. */
  public static Instant due(List<ClockRow> clocks, String clock) {
    return clocks.stream()
        .filter(c -> c.clock().equals(clock))
        .map(ClockRow::dueAt)
        .findFirst()
        .orElse(null);
  }

  /** Pauses every running clock (ON_HOLD). */
  public Uni<Void> pause(SqlClient db, long ticketId, Instant now) {
    return apply(
        db,
        ticketId,
        ClockRow::running,
        (c, cal) -> {
          SlaClock paused = c.state().pause(cal, now);
          return with(c, paused, c.pausedSeconds(), c.dueAt(), c.nextLevel(), null, null);
        });
  }

  /** Resumes paused clocks; the time spent paused pushes every deadline out. */
  public Uni<Void> resume(SqlClient db, long ticketId, Instant now) {
    return apply(
        db,
        ticketId,
        c -> c.stoppedAt() == null && c.state().paused(),
        (c, cal) -> {
          long pausedFor = Duration.between(c.state().pausedAt(), now).toSeconds();
          SlaClock running = c.state().resume(now);
          return with(
              c,
              running,
              c.pausedSeconds() + pausedFor,
              running.due(cal),
              c.nextLevel(),
              nextFire(levelsOf(c), running, cal, c.nextLevel()),
              null);
        });
  }

  /** Stops one clock for good (response on START, resolution on RESOLVE). */
  public Uni<Void> stop(SqlClient db, long ticketId, String clock, Instant now) {
    return apply(
        db,
        ticketId,
        c -> c.clock().equals(clock) && c.stoppedAt() == null,
        (c, cal) -> {
          SlaClock stopped = c.state().pause(cal, now);
          return with(c, stopped, c.pausedSeconds(), c.dueAt(), c.nextLevel(), null, now);
        });
  }

  /** Stops every clock (cancel). */
  public Uni<Void> stopAll(SqlClient db, long ticketId, Instant now) {
    return stop(db, ticketId, ClockRow.RESPONSE, now)
        .chain(() -> stop(db, ticketId, ClockRow.RESOLUTION, now));
  }

  /** Restarts a stopped resolution clock on reopen: the business time already used still counts. */
  public Uni<Void> restartResolution(SqlClient db, long ticketId, Instant now) {
    return apply(
        db,
        ticketId,
        c -> c.clock().equals(ClockRow.RESOLUTION) && c.stoppedAt() != null,
        (c, cal) -> {
          SlaClock running = new SlaClock(c.state().target(), now, c.state().consumed(), null);
          return with(
              c,
              running,
              c.pausedSeconds(),
              running.due(cal),
              c.nextLevel(),
              nextFire(levelsOf(c), running, cal, c.nextLevel()),
              null);
        });
  }

  /** New targets after a priority change; levels already fired stay fired. */
  public Uni<Void> retarget(SqlClient db, long ticketId, String tier, String priority) {
    return store
        .policy(db, tier, priority)
        .chain(
            p -> {
              if (p.isEmpty()) {
                return Uni.createFrom()
                    .failure(
                        ProblemException.unprocessable(
                            "no-sla-policy", "no SLA policy for " + tier + "/" + priority));
              }
              SlaPolicy policy = p.get();
              return apply(
                  db,
                  ticketId,
                  c -> c.stoppedAt() == null,
                  (c, cal) -> {
                    Duration target =
                        Duration.ofMinutes(
                            c.clock().equals(ClockRow.RESPONSE)
                                ? policy.responseMinutes()
                                : policy.resolutionMinutes());
                    SlaClock s =
                        new SlaClock(
                            target,
                            c.state().segmentStart(),
                            c.state().consumed(),
                            c.state().pausedAt());
                    return with(
                        c,
                        s,
                        c.pausedSeconds(),
                        s.due(cal),
                        c.nextLevel(),
                        s.paused() ? null : nextFire(levelsOf(c), s, cal, c.nextLevel()),
                        null);
                  });
            });
  }

  /** When the given level fires, or null when every level has fired. */
  public Instant nextFire(SlaLevels levels, SlaClock clock, BusinessCalendar cal, int level) {
    return level >= levels.done() ? null : clock.instantAt(cal, levels.fraction(level));
  }

  BusinessCalendar calendar(Map<String, CalendarEntry> cals, String id, String zone) {
    CalendarEntry c = cals.get(id);
    if (c == null) {
      throw new IllegalStateException("unknown calendar " + id);
    }
    return c.forSite(ZoneId.of(zone));
  }

  private ClockRow fresh(
      long ticketId,
      String name,
      SlaPolicy policy,
      ZoneId zone,
      BusinessCalendar cal,
      Instant now,
      Duration target,
      SlaLevels clockLevels) {
    SlaClock s = SlaClock.start(target, now);
    return new ClockRow(
        ticketId,
        name,
        policy.calendarId(),
        zone.getId(),
        s,
        0,
        s.due(cal),
        SlaLevels.WARNING,
        nextFire(clockLevels, s, cal, SlaLevels.WARNING),
        null,
        clockLevels);
  }

  private static ClockRow with(
      ClockRow c,
      SlaClock s,
      long pausedSeconds,
      Instant due,
      int nextLevel,
      Instant nextFire,
      Instant stoppedAt) {
    return new ClockRow(
        c.ticketId(),
        c.clock(),
        c.calendarId(),
        c.zone(),
        s,
        pausedSeconds,
        due,
        nextLevel,
        nextFire,
        stoppedAt,
        c.levels());
  }

  private Uni<Void> apply(
      SqlClient db,
      long ticketId,
      Predicate<ClockRow> which,
      java.util.function.BiFunction<ClockRow, BusinessCalendar, ClockRow> change) {
    return store
        .calendars(db)
        .chain(
            cals ->
                store
                    .lockClocks(db, ticketId)
                    .chain(
                        clocks -> {
                          List<ClockRow> changed =
                              clocks.stream()
                                  .filter(which)
                                  .map(
                                      c ->
                                          change.apply(c, calendar(cals, c.calendarId(), c.zone())))
                                  .toList();
                          Uni<Void> chain = Uni.createFrom().voidItem();
                          for (ClockRow c : changed) {
                            chain = chain.chain(() -> store.save(db, c));
                          }
                          return chain;
                        }));
  }
}
