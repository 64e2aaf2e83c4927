package dev.pdm.ticket.ingest;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plain SQL for the incident inbox: what was received, decided and applied, once per version. */
@ApplicationScoped
public class InboxStore {

  public static final String INCIDENT = "INCIDENT";
  public static final String BATCH_SIGNAL = "BATCH_SIGNAL";

  /** What the inbox already holds for a subject. */
  public record Seen(boolean thisVersion, Long newest) {}

  /** One row to write. */
  public record Entry(
      String subjectId,
      long version,
      String kind,
      String serial,
      String batch,
      String failureMode,
      IngestOutcome.Result outcome,
      String decisionKind,
      Long ticketId,
      String rulesetVersion,
      String payload,
      String request,
      String decision,
      String detail,
      Instant decidedAt) {}

  /** A recorded decision, as backtests and the ticket's history read it. */
  public record Recorded(
      long id,
      String subjectId,
      long version,
      String kind,
      String outcome,
      String decisionKind,
      Long ticketId,
      String rulesetVersion,
      @JsonRawValue String request,
      @JsonRawValue String decision,
      String detail,
      Instant decidedAt) {}

  /**
   * Serialises the handling of one subject across replicas until the transaction ends, so two
   * versions of one incident never decide concurrently.
   */
  public Uni<Void> lockSubject(SqlClient db, String subjectId) {
    return db.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
        .execute(Tuple.of(subjectId))
        .replaceWithVoid();
  }

  public Uni<Seen> seen(SqlClient db, String subjectId, long version) {
    return db.preparedQuery(
            "SELECT bool_or(version = $2) AS this_version, max(version) AS newest"
                + " FROM incident_inbox WHERE subject_id = $1")
        .execute(Tuple.of(subjectId, version))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Boolean dup = r.getBoolean("this_version");
              return new Seen(dup != null && dup, r.getLong("newest"));
            });
  }

  /** Writes the row; false if the version was recorded meanwhile (the unique key held). */
  public Uni<Boolean> insert(SqlClient db, Entry e) {
    return db.preparedQuery(
            """
            INSERT INTO incident_inbox (subject_id, version, kind, serial, batch, failure_mode,
              outcome, decision_kind, ticket_id, ruleset_version, payload, request, decision,
              detail, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12::text::jsonb,
              $13::text::jsonb, $14, $15)
            ON CONFLICT ON CONSTRAINT incident_inbox_once DO NOTHING
            """)
        .execute(
            Tuple.from(
                Arrays.asList(
                    e.subjectId(),
                    e.version(),
                    e.kind(),
                    e.serial(),
                    e.batch(),
                    e.failureMode(),
                    e.outcome().name(),
                    e.decisionKind(),
                    e.ticketId(),
                    e.rulesetVersion(),
                    e.payload(),
                    e.request(),
                    e.decision(),
                    e.detail(),
                    ts(e.decidedAt()))))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Applied decisions in {@code [from, to)}, oldest first, at most {@code limit}. */
  public Uni<List<Recorded>> applied(SqlClient db, Instant from, Instant to, int limit) {
    return db.preparedQuery(
            "SELECT * FROM incident_inbox WHERE outcome = 'APPLIED' AND request IS NOT NULL"
                + " AND decided_at >= $1 AND decided_at < $2 ORDER BY decided_at, id LIMIT $3")
        .execute(Tuple.of(ts(from), ts(to), limit))
        .map(InboxStore::recorded);
  }

  /** Everything recorded for one subject, oldest first. */
  public Uni<List<Recorded>> forSubject(SqlClient db, String subjectId) {
    return db.preparedQuery("SELECT * FROM incident_inbox WHERE subject_id = $1 ORDER BY id")
        .execute(Tuple.of(subjectId))
        .map(InboxStore::recorded);
  }

  /** Every incident and signal applied to one ticket, oldest first. */
  public Uni<List<Recorded>> forTicket(SqlClient db, long ticketId) {
    return db.preparedQuery("SELECT * FROM incident_inbox WHERE ticket_id = $1 ORDER BY id")
        .execute(Tuple.of(ticketId))
        .map(InboxStore::recorded);
  }

  private static List<Recorded> recorded(Iterable<Row> rows) {
    List<Recorded> out = new ArrayList<>();
    for (Row r : rows) {
      Object request = r.getValue("request");
      Object decision = r.getValue("decision");
      out.add(
          new Recorded(
              r.getLong("id"),
              r.getString("subject_id"),
              r.getLong("version"),
              r.getString("kind"),
              r.getString("outcome"),
              r.getString("decision_kind"),
              r.getLong("ticket_id"),
              r.getString("ruleset_version"),
              request == null ? null : request.toString(),
              decision == null ? null : decision.toString(),
              r.getString("detail"),
              instant(r.getOffsetDateTime("decided_at"))));
    }
    return out;
  }
}
