package dev.pdm.ticket.sla;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Plain SQL for calendars, policies, clocks and fired events. */
@ApplicationScoped
public class SlaStore {

  private static final String CLOCK_COLUMNS =
      "ticket_id, clock, calendar_id, zone, target_seconds, segment_start, consumed_millis,"
          + " paused_at, paused_seconds, due_at, next_level, next_fire_at, stopped_at,"
          + " warning_fraction, escalation_step, escalation_levels";

  /**
   * Calendars and policies change rarely and are read on every ticket create, hold and resume: each
   * replica keeps them for a short while, so an edit in the database applies within that time and
   * without a restart.
   */
  static final long CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  private record Cached<T>(T value, long loadedAt) {
    boolean fresh() {
      return System.nanoTime() - loadedAt < CACHE_NANOS;
    }
  }

  private volatile Cached<Map<String, CalendarEntry>> calendarCache;
  private volatile Cached<Map<String, SlaPolicy>> policyCache;

  /** Forgets cached calendars and policies (after an edit through this replica). */
  public void invalidate() {
    calendarCache = null;
    policyCache = null;
  }

  public Uni<Map<String, CalendarEntry>> calendars(SqlClient db) {
    Cached<Map<String, CalendarEntry>> c = calendarCache;
    if (c != null && c.fresh()) {
      return Uni.createFrom().item(c.value());
    }
    return loadCalendars(db)
        .invoke(m -> calendarCache = new Cached<>(Map.copyOf(m), System.nanoTime()));
  }

  private Uni<Map<String, CalendarEntry>> loadCalendars(SqlClient db) {
    return db.query(
            """
            SELECT c.id, c.work_days, c.work_start, c.work_end, c.round_clock, c.zone,
                   array_remove(array_agg(h.day), NULL) AS holidays
            FROM business_calendar c LEFT JOIN calendar_holiday h ON h.calendar_id = c.id
            GROUP BY c.id
            """)
        .execute()
        .map(
            rows -> {
              Map<String, CalendarEntry> out = new HashMap<>();
              for (Row r : rows) {
                Set<DayOfWeek> days =
                    Arrays.stream(r.getString("work_days").split(","))
                        .map(String::trim)
                        .map(SlaStore::day)
                        .collect(Collectors.toSet());
                Set<LocalDate> holidays =
                    new HashSet<>(Arrays.asList(r.getArrayOfLocalDates("holidays")));
                String zone = r.getString("zone");
                out.put(
                    r.getString("id"),
                    new CalendarEntry(
                        new BusinessCalendar(
                            ZoneOffset.UTC,
                            days,
                            r.getLocalTime("work_start"),
                            r.getLocalTime("work_end"),
                            r.getBoolean("round_clock"),
                            holidays),
                        zone == null ? null : java.time.ZoneId.of(zone)));
              }
              return out;
            });
  }

  public Uni<Optional<SlaPolicy>> policy(SqlClient db, String tier, String priority) {
    Cached<Map<String, SlaPolicy>> c = policyCache;
    Uni<Map<String, SlaPolicy>> all =
        c != null && c.fresh()
            ? Uni.createFrom().item(c.value())
            : policies(db)
                .map(
                    list -> {
                      Map<String, SlaPolicy> m = new HashMap<>();
                      list.forEach(p -> m.put(p.customerTier() + "/" + p.priority(), p));
                      policyCache = new Cached<>(Map.copyOf(m), System.nanoTime());
                      return m;
                    });
    return all.map(m -> Optional.ofNullable(m.get(tier + "/" + priority)));
  }

  public Uni<List<SlaPolicy>> policies(SqlClient db) {
    return db.query("SELECT * FROM sla_policy ORDER BY customer_tier, priority")
        .execute()
        .map(
            rows -> {
              List<SlaPolicy> out = new ArrayList<>();
              rows.forEach(r -> out.add(policy(r)));
              return out;
            });
  }

  /** Inserts several clocks in one round trip. */
  public Uni<Void> insertAll(SqlClient db, List<ClockRow> clocks) {
    return db.preparedQuery(
            "INSERT INTO sla_clock ("
                + CLOCK_COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
        .executeBatch(clocks.stream().map(SlaStore::tuple).toList())
        .replaceWithVoid();
  }

  public Uni<Void> insert(SqlClient db, ClockRow c) {
    return db.preparedQuery(
            "INSERT INTO sla_clock ("
                + CLOCK_COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
        .execute(tuple(c))
        .replaceWithVoid();
  }

  public Uni<Void> save(SqlClient db, ClockRow c) {
    return db.preparedQuery(
            """
            UPDATE sla_clock SET calendar_id = $3, zone = $4, target_seconds = $5,
              segment_start = $6, consumed_millis = $7, paused_at = $8, paused_seconds = $9,
              due_at = $10, next_level = $11, next_fire_at = $12, stopped_at = $13,
              warning_fraction = $14, escalation_step = $15, escalation_levels = $16
            WHERE ticket_id = $1 AND clock = $2
            """)
        .execute(tuple(c))
        .replaceWithVoid();
  }

  /** The ticket's clocks, locked; callers hold the ticket's lock first (same order everywhere). */
  public Uni<List<ClockRow>> lockClocks(SqlClient db, long ticketId) {
    return db.preparedQuery(
            "SELECT "
                + CLOCK_COLUMNS
                + " FROM sla_clock WHERE ticket_id = $1 ORDER BY clock FOR UPDATE")
        .execute(Tuple.of(ticketId))
        .map(SlaStore::clocks);
  }

  /**
   * Claims clocks whose next level is due. SKIP LOCKED lets several replicas scan at once without
   * waiting for, or taking, each other's rows.
   */
  public Uni<List<ClockRow>> claimDue(SqlClient db, Instant now, int limit) {
    return db.preparedQuery(
            "SELECT "
                + CLOCK_COLUMNS
                + " FROM sla_clock WHERE next_fire_at <= $1 AND stopped_at IS NULL"
                + " AND paused_at IS NULL ORDER BY next_fire_at LIMIT $2 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(ts(now), limit))
        .map(SlaStore::clocks);
  }

  /** Records a firing; false when it was already recorded (the unique constraint decides). */
  public Uni<Boolean> recordEvent(
      SqlClient db, ClockRow c, int level, String kind, Instant dueAt, Instant firedAt, String by) {
    return db.preparedQuery(
            """
            INSERT INTO sla_event (ticket_id, clock, level, kind, due_at, fired_at, fired_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT ON CONSTRAINT sla_event_once DO NOTHING RETURNING id
            """)
        .execute(
            Tuple.from(
                Arrays.asList(c.ticketId(), c.clock(), level, kind, ts(dueAt), ts(firedAt), by)))
        .map(rows -> rows.size() == 1);
  }

  public Uni<List<SlaEventView>> events(SqlClient db, long ticketId) {
    return db.preparedQuery("SELECT * FROM sla_event WHERE ticket_id = $1 ORDER BY id")
        .execute(Tuple.of(ticketId))
        .map(
            rows -> {
              List<SlaEventView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new SlaEventView(
                        r.getString("clock"),
                        r.getInteger("level"),
                        r.getString("kind"),
                        instant(r.getOffsetDateTime("due_at")),
                        instant(r.getOffsetDateTime("fired_at")),
                        r.getString("fired_by")));
              }
              return out;
            });
  }

  public Uni<List<ClockRow>> clocks(SqlClient db, long ticketId) {
    return db.preparedQuery(
            "SELECT " + CLOCK_COLUMNS + " FROM sla_clock WHERE ticket_id = $1 ORDER BY clock")
        .execute(Tuple.of(ticketId))
        .map(SlaStore::clocks);
  }

  private static List<ClockRow> clocks(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    List<ClockRow> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new ClockRow(
              r.getLong("ticket_id"),
              r.getString("clock"),
              r.getString("calendar_id"),
              r.getString("zone"),
              new SlaClock(
                  Duration.ofSeconds(r.getLong("target_seconds")),
                  instant(r.getOffsetDateTime("segment_start")),
                  Duration.ofMillis(r.getLong("consumed_millis")),
                  instant(r.getOffsetDateTime("paused_at"))),
              r.getLong("paused_seconds"),
              instant(r.getOffsetDateTime("due_at")),
              r.getInteger("next_level"),
              instant(r.getOffsetDateTime("next_fire_at")),
              instant(r.getOffsetDateTime("stopped_at")),
              r.getDouble("warning_fraction") == null
                  ? null
                  : new SlaLevels(
                      r.getDouble("warning_fraction"),
                      r.getDouble("escalation_step"),
                      r.getInteger("escalation_levels"))));
    }
    return out;
  }

  private static Tuple tuple(ClockRow c) {
    return Tuple.from(
        Arrays.asList(
            c.ticketId(),
            c.clock(),
            c.calendarId(),
            c.zone(),
            c.state().target().toSeconds(),
            ts(c.state().segmentStart()),
            c.state().consumed().toMillis(),
            ts(c.state().pausedAt()),
            c.pausedSeconds(),
            ts(c.dueAt()),
            c.nextLevel(),
            ts(c.nextFireAt()),
            ts(c.stoppedAt()),
            c.levels() == null ? null : c.levels().warningFraction(),
            c.levels() == null ? null : c.levels().escalationStep(),
            c.levels() == null ? null : c.levels().escalationLevels()));
  }

  static SlaPolicy policy(Row r) {
    return new SlaPolicy(
        r.getString("customer_tier"),
        r.getString("priority"),
        r.getInteger("response_minutes"),
        r.getInteger("resolution_minutes"),
        r.getString("calendar_id"),
        r.getDouble("warning_fraction"),
        r.getDouble("escalation_step"),
        r.getInteger("escalation_levels"),
        r.getLong("version"));
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation.toUpperCase())) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown day " + abbreviation);
  }
}
