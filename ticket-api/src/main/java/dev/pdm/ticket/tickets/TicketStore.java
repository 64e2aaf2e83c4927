package dev.pdm.ticket.tickets;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.textArray;
import static dev.pdm.ticket.db.Sql.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.ticket.db.Jsonb;
import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.lifecycle.HoldReason;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketStatus;
import dev.pdm.ticket.lifecycle.TicketType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plain SQL for the ticket table. */
@ApplicationScoped
public class TicketStore {

  private static final String SELECT = select("ticket t");

  /**
   * The view of the tickets in {@code from} (aliased {@code t}): the ticket row, its open
   * sub-tasks, both clocks' due instants and the effective escalation level.
   */
  private static String select(String from) {
    return """
        SELECT t.*,
          (SELECT count(*) FROM ticket_subtask s WHERE s.ticket_id = t.id AND NOT s.done)
            AS open_subtasks,
          rc.due_at AS response_due_at, rs.due_at AS resolution_due_at,
          GREATEST(t.escalation_level,
            (SELECT coalesce(max(e.level), 0) FROM sla_event e WHERE e.ticket_id = t.id))
            AS effective_escalation
        FROM %s
        LEFT JOIN sla_clock rc ON rc.ticket_id = t.id AND rc.clock = 'RESPONSE'
        LEFT JOIN sla_clock rs ON rs.ticket_id = t.id AND rs.clock = 'RESOLUTION'
        """
        .formatted(from);
  }

  /** Columns a service may change through {@link #update}. */
  private static final Set<String> UPDATABLE =
      Set.of(
          "status",
          "priority",
          "title",
          "description",
          "hold_reason",
          "held_from",
          "alarm_codes",
          "occurrences",
          "evidence",
          "root_cause",
          "parts_used",
          "no_parts",
          "resolution_note",
          "satisfaction",
          "follow_up_note",
          "assignee",
          "group_id",
          "escalation_level",
          "reopen_count",
          "responded_at",
          "resolved_at",
          "closed_at",
          "cancelled_at",
          "opened_by_rule",
          "open_reason",
          "decision");

  private final ObjectMapper mapper;

  public TicketStore(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public Uni<Optional<TicketView>> find(SqlClient db, long id) {
    return db.preparedQuery(SELECT + " WHERE t.id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
  }

  /** Reads and locks the ticket for the rest of the transaction. */
  public Uni<Optional<TicketView>> lock(SqlClient db, long id) {
    return db.preparedQuery(SELECT + " WHERE t.id = $1 FOR UPDATE OF t")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
  }

  public Uni<Long> insert(SqlClient db, TicketRow r) {
    return db.preparedQuery(INSERT + " RETURNING id")
        .execute(Tuple.from(params(r)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Inserts and returns the new ticket as {@link #find} would read it, given its clocks' due
   * instants: a new ticket has no sub-tasks and no fired SLA level, so nothing else needs reading.
   */
  public Uni<TicketView> insertReturning(
      SqlClient db, TicketRow r, Instant responseDue, Instant resolutionDue) {
    List<Object> p = params(r);
    p.add(ts(responseDue));
    p.add(ts(resolutionDue));
    return db.preparedQuery(
            INSERT
                + """
                 RETURNING *, 0::bigint AS open_subtasks, escalation_level AS effective_escalation,
                  $24::timestamptz AS response_due_at, $25::timestamptz AS resolution_due_at
                """)
        .execute(Tuple.from(p))
        .map(rows -> view(rows.iterator().next()));
  }

  private static final String INSERT =
      """
      INSERT INTO ticket (type, status, priority, title, description, serial, device_class,
        model, firmware, batch, site_id, region, customer_id, customer_name, customer_tier,
        alarm_codes, evidence, opened_by_rule, open_reason, decision, source_ref,
        created_by, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
        $17::text::jsonb, $18, $19, $20::text::jsonb, $21, $22, $23, $23)
      """;

  private List<Object> params(TicketRow r) {
    List<Object> p = new ArrayList<>();
    p.add(r.type().name());
    p.add(TicketStatus.NEW.name());
    p.add(r.priority().name());
    p.add(r.title());
    p.add(r.description());
    p.add(r.serial());
    p.add(r.deviceClass());
    p.add(r.model());
    p.add(r.firmware());
    p.add(r.batch());
    p.add(r.siteId());
    p.add(r.region());
    p.add(r.customerId());
    p.add(r.customerName());
    p.add(r.customerTier());
    p.add(textArray(r.alarmCodes()));
    p.add(json(r.evidence()));
    p.add(r.openedByRule());
    p.add(r.openReason());
    p.add(json(r.decision()));
    p.add(r.sourceRef());
    p.add(r.createdBy());
    p.add(ts(r.createdAt()));
    return p;
  }

  /**
   * Applies changes, bumps the version and stamps updated_at. Values: String, Integer, Boolean,
   * Instant, String list (text[]), {@link Jsonb}, enums (stored by name), or null.
   */
  public Uni<Void> update(SqlClient db, long id, Map<String, Object> changes, Instant at) {
    StringBuilder sql = new StringBuilder("UPDATE ticket SET version = version + 1");
    List<Object> p = new ArrayList<>();
    for (Map.Entry<String, Object> c : changes.entrySet()) {
      if (!UPDATABLE.contains(c.getKey())) {
        throw new IllegalArgumentException("not updatable: " + c.getKey());
      }
      Object v = c.getValue();
      p.add(bind(v));
      sql.append(", ").append(c.getKey()).append(" = $").append(p.size());
      if (v instanceof Jsonb) {
        sql.append("::text::jsonb");
      }
    }
    p.add(ts(at));
    sql.append(", updated_at = $").append(p.size());
    p.add(id);
    sql.append(" WHERE id = $").append(p.size());
    return db.preparedQuery(sql.toString()).execute(Tuple.from(p)).replaceWithVoid();
  }

  /** One page, newest first; {@code afterId} is the last id of the previous page. */
  public Uni<List<TicketView>> list(SqlClient db, TicketFilter f, Long afterId, int limit) {
    // The page is cut from the ticket table first and only its rows are joined to their clocks:
    // otherwise the planner, misjudging how many rows match the filters, may join every match
    // before sorting and keeping the first page.
    StringBuilder sql = new StringBuilder("SELECT * FROM ticket t WHERE true");
    List<Object> p = new ArrayList<>();
    Map<String, String> eq = new LinkedHashMap<>();
    eq.put("t.status", f.status());
    eq.put("t.type", f.type());
    eq.put("t.priority", f.priority());
    eq.put("t.serial", f.serial());
    eq.put("t.site_id", f.siteId());
    eq.put("t.batch", f.batch());
    eq.put("t.firmware", f.firmware());
    eq.put("t.model", f.model());
    eq.put("t.region", f.region());
    eq.put("t.customer_id", f.customerId());
    eq.put("t.assignee", f.assignee());
    eq.forEach(
        (col, v) -> {
          if (v != null) {
            p.add(v);
            sql.append(" AND ").append(col).append(" = $").append(p.size());
          }
        });
    if (f.alarmCode() != null) {
      p.add(f.alarmCode());
      sql.append(" AND $").append(p.size()).append(" = ANY (t.alarm_codes)");
    }
    if (afterId != null) {
      p.add(afterId);
      sql.append(" AND t.id < $").append(p.size());
    }
    p.add(limit);
    sql.append(" ORDER BY t.id DESC LIMIT $").append(p.size());
    return db.preparedQuery(select("(" + sql + ") t") + " ORDER BY t.id DESC")
        .execute(Tuple.from(p))
        .map(
            rows -> {
              List<TicketView> out = new ArrayList<>();
              rows.forEach(r -> out.add(view(r)));
              return out;
            });
  }

  public Uni<List<Long>> existing(SqlClient db, List<Long> ids) {
    return db.preparedQuery("SELECT id FROM ticket WHERE id = ANY ($1)")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(
            rows -> {
              List<Long> out = new ArrayList<>();
              rows.forEach(r -> out.add(r.getLong(0)));
              return out;
            });
  }

  private Object bind(Object v) {
    if (v instanceof Instant i) {
      return ts(i);
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toArray(String[]::new);
    }
    if (v instanceof Jsonb j) {
      return j.json();
    }
    return v;
  }

  private String json(Object node) {
    if (node == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode tree(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.readTree(value.toString());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
    return name == null ? null : Enum.valueOf(type, name);
  }

  TicketView view(Row r) {
    return new TicketView(
        r.getLong("id"),
        r.getLong("version"),
        enumOf(TicketType.class, r.getString("type")),
        enumOf(TicketStatus.class, r.getString("status")),
        enumOf(Priority.class, r.getString("priority")),
        r.getString("title"),
        r.getString("description"),
        enumOf(HoldReason.class, r.getString("hold_reason")),
        enumOf(TicketStatus.class, r.getString("held_from")),
        r.getString("serial"),
        r.getString("device_class"),
        r.getString("model"),
        r.getString("firmware"),
        r.getString("batch"),
        r.getString("site_id"),
        r.getString("region"),
        r.getString("customer_id"),
        r.getString("customer_name"),
        r.getString("customer_tier"),
        Sql.list(r.getArrayOfStrings("alarm_codes")),
        r.getInteger("occurrences"),
        tree(r.getValue("evidence")),
        r.getString("root_cause"),
        Sql.list(r.getArrayOfStrings("parts_used")),
        r.getBoolean("no_parts"),
        r.getString("resolution_note"),
        r.getInteger("satisfaction"),
        r.getString("follow_up_note"),
        r.getString("assignee"),
        r.getString("group_id"),
        r.getString("opened_by_rule"),
        r.getString("open_reason"),
        tree(r.getValue("decision")),
        r.getString("source_ref"),
        r.getInteger("effective_escalation"),
        r.getInteger("reopen_count"),
        r.getLong("open_subtasks").intValue(),
        r.getString("created_by"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")),
        instant(r.getOffsetDateTime("responded_at")),
        instant(r.getOffsetDateTime("resolved_at")),
        instant(r.getOffsetDateTime("closed_at")),
        instant(r.getOffsetDateTime("cancelled_at")),
        instant(r.getOffsetDateTime("response_due_at")),
        instant(r.getOffsetDateTime("resolution_due_at")));
  }

  /** The columns of a new ticket. */
  public record TicketRow(
      TicketType type,
      Priority priority,
      String title,
      String description,
      String serial,
      String deviceClass,
      String model,
      String firmware,
      String batch,
      String siteId,
      String region,
      String customerId,
      String customerName,
      String customerTier,
      List<String> alarmCodes,
      JsonNode evidence,
      String openedByRule,
      String openReason,
      Decision decision,
      String sourceRef,
      String createdBy,
      Instant createdAt) {}
}
