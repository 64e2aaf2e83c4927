package dev.pdm.ticket.ruleset;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.db.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Plain SQL for ruleset versions and their activation history. */
@ApplicationScoped
public class RulesetStore {

  /** Serialises installs and activations across replicas for the rest of the transaction. */
  private static final long LOCK_KEY = 0x7064_6d52_756c_6573L;

  public Uni<Void> lock(SqlClient db) {
    return db.preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(LOCK_KEY))
        .replaceWithVoid();
  }

  public Uni<Long> insert(
      SqlClient db,
      String label,
      String comment,
      String drl,
      String examplesJson,
      List<String> ruleNames,
      String actor,
      Instant at) {
    return db.preparedQuery(
            """
            INSERT INTO ruleset_version
              (label, comment, drl, examples, rule_names, created_by, created_at)
            VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7) RETURNING id
            """)
        .execute(
            Tuple.from(
                Arrays.asList(
                    label, comment, drl, examplesJson, Sql.textArray(ruleNames), actor, ts(at))))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  public Uni<Optional<RulesetVersion>> find(SqlClient db, long id) {
    return db.preparedQuery("SELECT * FROM ruleset_version WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> first(rows).map(RulesetStore::version));
  }

  public Uni<List<RulesetVersion>> list(SqlClient db) {
    return db.preparedQuery("SELECT * FROM ruleset_version ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<RulesetVersion> out = new ArrayList<>();
              rows.forEach(r -> out.add(version(r)));
              return out;
            });
  }

  public Uni<Boolean> isEmpty(SqlClient db) {
    return db.query("SELECT NOT EXISTS (SELECT 1 FROM ruleset_version) AS empty")
        .execute()
        .map(rows -> rows.iterator().next().getBoolean("empty"));
  }

  /** The activation in force: the newest one. */
  public Uni<Optional<Activation>> current(SqlClient db) {
    return db.query("SELECT * FROM ruleset_activation ORDER BY id DESC LIMIT 1")
        .execute()
        .map(rows -> first(rows).map(RulesetStore::activation));
  }

  public Uni<List<Activation>> history(SqlClient db) {
    return db.query("SELECT * FROM ruleset_activation ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<Activation> out = new ArrayList<>();
              rows.forEach(r -> out.add(activation(r)));
              return out;
            });
  }

  public Uni<Void> activate(
      SqlClient db, long versionId, Long previousId, String action, String actor, Instant at) {
    return db.preparedQuery(
            "INSERT INTO ruleset_activation (version_id, previous_id, action, actor, at)"
                + " VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.from(Arrays.asList(versionId, previousId, action, actor, ts(at))))
        .replaceWithVoid();
  }

  /** The audit trail of rulesets: uploads, rejections, activations and rollbacks, oldest first. */
  public Uni<List<AuditLog.AuditEntry>> audit(SqlClient db) {
    return db.query("SELECT * FROM audit_event WHERE entity = 'ruleset' ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<AuditLog.AuditEntry> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new AuditLog.AuditEntry(
                        r.getLong("id"),
                        r.getString("entity"),
                        r.getString("entity_id"),
                        r.getString("action"),
                        r.getString("actor"),
                        instant(r.getOffsetDateTime("at")),
                        json(r.getValue("before")),
                        json(r.getValue("after"))));
              }
              return out;
            });
  }

  private static JsonNode json(Object v) {
    try {
      return v == null ? null : EventCodec.mapper().readTree(v.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static RulesetVersion version(Row r) {
    Object examples = r.getValue("examples");
    return new RulesetVersion(
        r.getLong("id"),
        r.getString("label"),
        r.getString("comment"),
        r.getString("drl"),
        examples == null ? "[]" : examples.toString(),
        List.of(r.getArrayOfStrings("rule_names")),
        r.getString("created_by"),
        instant(r.getOffsetDateTime("created_at")));
  }

  private static Activation activation(Row r) {
    return new Activation(
        r.getLong("id"),
        r.getLong("version_id"),
        r.getLong("previous_id"),
        r.getString("action"),
        r.getString("actor"),
        instant(r.getOffsetDateTime("at")));
  }
}
