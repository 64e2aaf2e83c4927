package dev.pdm.ticket.sla;

import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.sla.SlaRequests.CalendarView;
import dev.pdm.ticket.sla.SlaRequests.Holiday;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates and edits business calendars and SLA policies inside the caller's transaction: checks the
 * expected version (If-Match), writes, bumps the version, audits before and after, and drops this
 * replica's cached copies (other replicas pick the change up within the cache time).
 */
@ApplicationScoped
public class SlaAdmin {

  static final String CALENDAR = "sla-calendar";
  static final String POLICY = "sla-policy";

  private final SlaStore store;
  private final AuditLog audit;

  public SlaAdmin(SlaStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  /** A written entity and whether it was created. */
  public record Written<T>(T value, boolean created) {}

  // --- calendars
  // ----------------------------------------------------------------------------------

  public Uni<List<CalendarView>> calendars(SqlClient db) {
    return db.query(CALENDAR_SELECT + " GROUP BY c.id ORDER BY c.id")
        .execute()
        .map(
            rows -> {
              List<CalendarView> out = new ArrayList<>();
              rows.forEach(r -> out.add(calendar(r)));
              return out;
            });
  }

  public Uni<Optional<CalendarView>> calendar(SqlClient db, String id, boolean lock) {
    String sql =
        lock
            ? "SELECT id FROM business_calendar WHERE id = $1 FOR UPDATE"
            : "SELECT id FROM business_calendar WHERE id = $1";
    return db.preparedQuery(sql)
        .execute(Tuple.of(id))
        .chain(
            locked ->
                locked.size() == 0
                    ? Uni.createFrom().item(Optional.<CalendarView>empty())
                    : db.preparedQuery(CALENDAR_SELECT + " WHERE c.id = $1 GROUP BY c.id")
                        .execute(Tuple.of(id))
                        .map(rows -> Optional.of(calendar(rows.iterator().next()))));
  }

  /**
   * Creates the calendar ({@code expectedVersion} null and no such calendar) or replaces it
   * (expected version matches): 428 when it exists and no version was given, 412 when stale, 404
   * when a version was given for a calendar that does not exist.
   */
  public Uni<Written<CalendarView>> putCalendar(
      SqlClient db,
      String id,
      SlaRequests.Calendar req,
      Long expectedVersion,
      Caller actor,
      Instant now) {
    Checked cal;
    try {
      cal = check(req);
    } catch (ProblemException e) {
      return Uni.createFrom().failure(e);
    }
    return calendar(db, id, true)
        .chain(
            before -> {
              if (before.isEmpty() && expectedVersion != null) {
                return Uni.createFrom().failure(ProblemException.notFound("calendar " + id));
              }
              if (before.isPresent() && expectedVersion == null) {
                return Uni.createFrom().failure(ProblemException.ifMatchRequired());
              }
              if (before.isPresent() && before.get().version() != expectedVersion) {
                return Uni.createFrom().failure(ProblemException.stale(before.get().version()));
              }
              Tuple row =
                  Tuple.from(
                      Arrays.asList(
                          id,
                          cal.workDays(),
                          cal.start(),
                          cal.end(),
                          cal.roundTheClock(),
                          req.zone() == null || req.zone().isBlank() ? null : req.zone(),
                          req.name()));
              Uni<?> write =
                  before.isEmpty()
                      ? db.preparedQuery(
                              """
                              INSERT INTO business_calendar
                                (id, work_days, work_start, work_end, round_clock, zone, name)
                              VALUES ($1, $2, $3, $4, $5, $6, $7)
                              """)
                          .execute(row)
                      : db.preparedQuery(
                              """
                              UPDATE business_calendar SET work_days = $2, work_start = $3,
                                work_end = $4, round_clock = $5, zone = $6, name = $7,
                                version = version + 1
                              WHERE id = $1
                              """)
                          .execute(row);
              return write
                  .chain(() -> replaceHolidays(db, id, req.holidays()))
                  .chain(() -> calendar(db, id, false))
                  .map(Optional::orElseThrow)
                  .call(
                      after ->
                          audit.record(
                              db,
                              CALENDAR,
                              id,
                              null,
                              before.isEmpty() ? "CREATE" : "UPDATE",
                              actor.name(),
                              before.orElse(null),
                              after,
                              now))
                  .invoke(store::invalidate)
                  .map(after -> new Written<>(after, before.isEmpty()));
            });
  }

  private Uni<Void> replaceHolidays(SqlClient db, String id, List<Holiday> holidays) {
    List<Holiday> list = holidays == null ? List.of() : holidays;
    return db.preparedQuery("DELETE FROM calendar_holiday WHERE calendar_id = $1")
        .execute(Tuple.of(id))
        .chain(
            () ->
                list.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : db.preparedQuery(
                            """
                            INSERT INTO calendar_holiday (calendar_id, day, name)
                            SELECT $1, d, n FROM unnest($2::date[], $3::text[]) AS h(d, n)
                            """)
                        .execute(
                            Tuple.of(
                                id,
                                list.stream().map(Holiday::date).toArray(LocalDate[]::new),
                                list.stream().map(Holiday::name).toArray(String[]::new)))
                        .replaceWithVoid());
  }

  /** What a calendar request means once checked; 400 with the offending field otherwise. */
  private record Checked(String workDays, LocalTime start, LocalTime end, boolean roundTheClock) {}

  static Checked check(SlaRequests.Calendar req) {
    boolean round = Boolean.TRUE.equals(req.roundTheClock());
    if (req.zone() != null && !req.zone().isBlank()) {
      try {
        ZoneId.of(req.zone());
      } catch (DateTimeException e) {
        throw ProblemException.invalidField("zone", "not a time zone id (e.g. Asia/Shanghai)");
      }
    }
    Set<DayOfWeek> days = new TreeSet<>(req.workDays());
    LocalTime start = round ? LocalTime.MIDNIGHT : req.workStart();
    LocalTime end = round ? LocalTime.MIDNIGHT : req.workEnd();
    if (!round && start == null) {
      throw ProblemException.invalidField("workStart", "required unless roundTheClock");
    }
    if (!round && end == null) {
      throw ProblemException.invalidField("workEnd", "required unless roundTheClock");
    }
    if (!round && !end.isAfter(start)) {
      throw ProblemException.invalidField("workEnd", "must be after workStart");
    }
    Set<LocalDate> seen = new HashSet<>();
    for (Holiday h : req.holidays() == null ? List.<Holiday>of() : req.holidays()) {
      if (!seen.add(h.date())) {
        throw ProblemException.invalidField("holidays", h.date() + " is listed twice");
      }
    }
    // the same rules the SLA arithmetic relies on
    new BusinessCalendar(ZoneOffset.UTC, days, start, end, round, seen);
    return new Checked(
        String.join(",", days.stream().map(d -> d.name().substring(0, 3)).toList()),
        start,
        end,
        round);
  }

  private static final String CALENDAR_SELECT =
      """
      SELECT c.id, c.name, c.zone, c.work_days, c.work_start, c.work_end, c.round_clock,
        c.version,
        coalesce(array_agg(h.day ORDER BY h.day) FILTER (WHERE h.day IS NOT NULL), '{}')
          AS holiday_days,
        coalesce(array_agg(h.name ORDER BY h.day) FILTER (WHERE h.day IS NOT NULL), '{}')
          AS holiday_names
      FROM business_calendar c LEFT JOIN calendar_holiday h ON h.calendar_id = c.id
      """;

  private static CalendarView calendar(Row r) {
    LocalDate[] days = r.getArrayOfLocalDates("holiday_days");
    String[] names = r.getArrayOfStrings("holiday_names");
    List<Holiday> holidays = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      holidays.add(new Holiday(days[i], names[i]));
    }
    List<DayOfWeek> workDays =
        Arrays.stream(r.getString("work_days").split(","))
            .map(String::trim)
            .map(SlaAdmin::day)
            .sorted()
            .toList();
    boolean round = r.getBoolean("round_clock");
    return new CalendarView(
        r.getString("id"),
        r.getString("name"),
        r.getString("zone"),
        workDays,
        round ? null : r.getLocalTime("work_start"),
        round ? null : r.getLocalTime("work_end"),
        round,
        holidays,
        r.getLong("version"));
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation.toUpperCase())) {
        return d;
      }
    }
    throw new IllegalStateException("unknown day " + abbreviation);
  }

  // --- policies
  // -----------------------------------------------------------------------------------

  public Uni<Optional<SlaPolicy>> policy(SqlClient db, String tier, String priority, boolean lock) {
    return db.preparedQuery(
            "SELECT * FROM sla_policy WHERE customer_tier = $1 AND priority = $2"
                + (lock ? " FOR UPDATE" : ""))
        .execute(Tuple.of(tier, priority))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(SlaStore.policy(rows.iterator().next())));
  }

  /** Creates or replaces the policy of a tier and priority; versions as for calendars. */
  public Uni<Written<SlaPolicy>> putPolicy(
      SqlClient db,
      String tier,
      String priority,
      SlaRequests.Policy req,
      Long expectedVersion,
      Caller actor,
      Instant now) {
    if (req.resolutionMinutes() < req.responseMinutes()) {
      return Uni.createFrom()
          .failure(
              ProblemException.invalidField(
                  "resolutionMinutes", "must not be shorter than responseMinutes"));
    }
    String key = tier + "/" + priority;
    return db.preparedQuery("SELECT 1 FROM business_calendar WHERE id = $1")
        .execute(Tuple.of(req.calendarId()))
        .chain(
            cal -> {
              if (cal.size() == 0) {
                return Uni.createFrom()
                    .failure(
                        ProblemException.invalidField(
                            "calendarId", "no calendar " + req.calendarId()));
              }
              return policy(db, tier, priority, true);
            })
        .chain(
            before -> {
              if (before.isEmpty() && expectedVersion != null) {
                return Uni.createFrom().failure(ProblemException.notFound("SLA policy " + key));
              }
              if (before.isPresent() && expectedVersion == null) {
                return Uni.createFrom().failure(ProblemException.ifMatchRequired());
              }
              if (before.isPresent() && before.get().version() != expectedVersion) {
                return Uni.createFrom().failure(ProblemException.stale(before.get().version()));
              }
              Tuple row =
                  Tuple.from(
                      Arrays.asList(
                          tier,
                          priority,
                          req.responseMinutes(),
                          req.resolutionMinutes(),
                          req.calendarId(),
                          req.warningFraction(),
                          req.escalationStep(),
                          req.escalationLevels()));
              return db.preparedQuery(
                      """
                      INSERT INTO sla_policy (customer_tier, priority, response_minutes,
                        resolution_minutes, calendar_id, warning_fraction, escalation_step,
                        escalation_levels)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                      ON CONFLICT (customer_tier, priority) DO UPDATE SET
                        response_minutes = EXCLUDED.response_minutes,
                        resolution_minutes = EXCLUDED.resolution_minutes,
                        calendar_id = EXCLUDED.calendar_id,
                        warning_fraction = EXCLUDED.warning_fraction,
                        escalation_step = EXCLUDED.escalation_step,
                        escalation_levels = EXCLUDED.escalation_levels,
                        version = sla_policy.version + 1
                      RETURNING *
                      """)
                  .execute(row)
                  .map(rows -> SlaStore.policy(rows.iterator().next()))
                  .call(
                      after ->
                          audit.record(
                              db,
                              POLICY,
                              key,
                              null,
                              before.isEmpty() ? "CREATE" : "UPDATE",
                              actor.name(),
                              before.orElse(null),
                              after,
                              now))
                  .invoke(store::invalidate)
                  .map(after -> new Written<>(after, before.isEmpty()));
            });
  }

  public Uni<List<AuditLog.AuditEntry>> audit(SqlClient db, String entity, String id) {
    return audit.forEntity(db, entity, id);
  }
}
