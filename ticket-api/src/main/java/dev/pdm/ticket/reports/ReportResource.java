package dev.pdm.ticket.reports;

import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Service reports as SQL aggregates over tickets created in a period. */
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

  /** Grouping keys; only these expressions ever reach the SQL text. */
  static final Map<String, String> GROUPS =
      Map.of(
          "region", "coalesce(t.region, '-')",
          "model", "coalesce(t.model, '-')",
          "batch", "coalesce(t.batch, '-')",
          "firmware", "coalesce(t.firmware, '-')",
          "customer", "coalesce(t.customer_id, '-')",
          "type", "t.type",
          "day", "to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
          "week", "to_char(t.created_at AT TIME ZONE 'UTC', 'IYYY-\"W\"IW')",
          "month", "to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM')");

  private final Pool pool;
  private final Clock clock;

  public ReportResource(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * One row per group.
   *
   * @param overdueRate share of tickets whose resolution clock ran past its due instant
   * @param mttaMinutes mean time from creation to the start of work
   * @param mttrMinutes mean time from creation to resolution (resolved tickets)
   * @param firstTimeFixRate resolved tickets never reopened, over all resolved tickets
   */
  public record Row0(
      String key,
      long volume,
      long overdue,
      Double overdueRate,
      Double mttaMinutes,
      Double mttrMinutes,
      Double firstTimeFixRate) {}

  public record FaultCode(String code, long tickets) {}

  @GET
  @Path("/tickets")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.RELIABILITY, Roles.QUALITY, Roles.ADMIN})
  public Uni<List<Row0>> tickets(
      @QueryParam("groupBy") @DefaultValue("region") String groupBy,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    String key = GROUPS.get(groupBy);
    if (key == null) {
      throw ProblemException.invalidField("groupBy", "must be one of " + GROUPS.keySet());
    }
    Instant now = clock.instant();
    Instant end = instant("to", to, now.plus(1, ChronoUnit.DAYS));
    Instant start = instant("from", from, end.minus(30, ChronoUnit.DAYS));
    String sql =
        "SELECT "
            + key
            + """
             AS key, count(*) AS volume,
              count(*) FILTER (WHERE rs.due_at < coalesce(t.resolved_at, t.cancelled_at, $3))
                AS overdue,
              avg(extract(epoch FROM t.responded_at - t.created_at)) / 60 AS mtta,
              avg(extract(epoch FROM t.resolved_at - t.created_at)) / 60 AS mttr,
              count(*) FILTER (WHERE t.resolved_at IS NOT NULL AND t.reopen_count = 0) AS ftf,
              count(*) FILTER (WHERE t.resolved_at IS NOT NULL) AS resolved
            FROM ticket t
            LEFT JOIN sla_clock rs ON rs.ticket_id = t.id AND rs.clock = 'RESOLUTION'
            WHERE t.created_at >= $1 AND t.created_at < $2
            GROUP BY 1 ORDER BY volume DESC, key
            """;
    return pool.preparedQuery(sql)
        .execute(Tuple.of(Sql.ts(start), Sql.ts(end), Sql.ts(now)))
        .map(
            rows -> {
              List<Row0> out = new ArrayList<>();
              for (Row r : rows) {
                long volume = r.getLong("volume");
                long overdue = r.getLong("overdue");
                long resolved = r.getLong("resolved");
                out.add(
                    new Row0(
                        r.getString("key"),
                        volume,
                        overdue,
                        volume == 0 ? null : (double) overdue / volume,
                        number(r, "mtta"),
                        number(r, "mttr"),
                        resolved == 0 ? null : (double) r.getLong("ftf") / resolved));
              }
              return out;
            });
  }

  @GET
  @Path("/top-fault-codes")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.RELIABILITY, Roles.QUALITY, Roles.ADMIN})
  public Uni<List<FaultCode>> topFaultCodes(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("10") int limit) {
    if (limit < 1 || limit > 100) {
      throw ProblemException.invalidField("limit", "must be between 1 and 100");
    }
    Instant now = clock.instant();
    Instant end = instant("to", to, now.plus(1, ChronoUnit.DAYS));
    Instant start = instant("from", from, end.minus(30, ChronoUnit.DAYS));
    return pool.preparedQuery(
            """
            SELECT code, count(*) AS tickets FROM ticket t, unnest(t.alarm_codes) AS code
            WHERE t.created_at >= $1 AND t.created_at < $2
            GROUP BY code ORDER BY tickets DESC, code LIMIT $3
            """)
        .execute(Tuple.of(Sql.ts(start), Sql.ts(end), limit))
        .map(
            rows -> {
              List<FaultCode> out = new ArrayList<>();
              rows.forEach(r -> out.add(new FaultCode(r.getString("code"), r.getLong("tickets"))));
              return out;
            });
  }

  private static Double number(Row r, String column) {
    Object v = r.getValue(column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static Instant instant(String field, String value, Instant fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(field, "must be an ISO-8601 instant");
    }
  }
}
