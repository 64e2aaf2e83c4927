package dev.pdm.ticket.audit;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The audit trail: one row per change with who, when, and the fields that changed (before and
 * after), written in the transaction of the change.
 */
@ApplicationScoped
public class AuditLog {

  /** Fields that change with every write and say nothing on their own. */
  private static final List<String> NOISE = List.of("version", "updatedAt");

  private final ObjectMapper mapper;

  public AuditLog(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Records a change; with both images present only the differing fields are kept. */
  public Uni<Void> record(
      SqlClient db,
      String entity,
      String entityId,
      Long ticketId,
      String action,
      String actor,
      Object before,
      Object after,
      Instant at) {
    JsonNode b = before == null ? null : mapper.valueToTree(before);
    JsonNode a = after == null ? null : mapper.valueToTree(after);
    if (b instanceof ObjectNode bo && a instanceof ObjectNode ao) {
      ObjectNode db0 = mapper.createObjectNode();
      ObjectNode da = mapper.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> it = ao.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode old = bo.get(f.getKey());
        if (!NOISE.contains(f.getKey()) && !f.getValue().equals(old)) {
          db0.set(f.getKey(), old);
          da.set(f.getKey(), f.getValue());
        }
      }
      b = db0;
      a = da;
    }
    return db.preparedQuery(
            """
            INSERT INTO audit_event (entity, entity_id, ticket_id, action, actor, at, before, after)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb)
            """)
        .execute(
            Tuple.from(
                Arrays.asList(
                    entity,
                    entityId,
                    ticketId,
                    action,
                    actor,
                    ts(at),
                    b == null ? null : b.toString(),
                    a == null ? null : a.toString())))
        .replaceWithVoid();
  }

  public Uni<List<AuditEntry>> forTicket(SqlClient db, long ticketId) {
    return entries(
        db, "SELECT * FROM audit_event WHERE ticket_id = $1 ORDER BY id", Tuple.of(ticketId));
  }

  /** The trail of an entity that is not a ticket (a calendar, a policy). */
  public Uni<List<AuditEntry>> forEntity(SqlClient db, String entity, String entityId) {
    return entries(
        db,
        "SELECT * FROM audit_event WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        Tuple.of(entity, entityId));
  }

  private Uni<List<AuditEntry>> entries(SqlClient db, String sql, Tuple params) {
    return db.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<AuditEntry> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new AuditEntry(
                        r.getLong("id"),
                        r.getString("entity"),
                        r.getString("entity_id"),
                        r.getString("action"),
                        r.getString("actor"),
                        instant(r.getOffsetDateTime("at")),
                        tree(r.getValue("before")),
                        tree(r.getValue("after"))));
              }
              return out;
            });
  }

  private JsonNode tree(Object v) {
    try {
      return v == null ? null : mapper.readTree(v.toString());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One audit row. */
  public record AuditEntry(
      long id,
      String entity,
      String entityId,
      String action,
      String actor,
      Instant at,
      JsonNode before,
      JsonNode after) {}
}
