package dev.pdm.launcher.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what the system stored: tickets with the inbox row of the incident or batch signal that
 * opened each, and the latest recorded version of every incident and batch signal. Read-only SQL
 * against the ticket API's database.
 */
public final class StoreReader {

  private final String jdbcUrl;
  private final String user;

  public StoreReader(String jdbcUrl, String user) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
  }

  static final String TICKETS =
      """
      SELECT t.id, t.type, t.serial, t.batch, t.alarm_codes, t.created_at, t.occurrences,
             o.subject_id, o.kind, o.payload::text AS payload
      FROM ticket t
      LEFT JOIN LATERAL (
        SELECT i.subject_id, i.kind, i.payload
        FROM incident_inbox i
        WHERE (i.ticket_id = t.id AND i.decision_kind = 'OPEN') OR i.subject_id = t.source_ref
        ORDER BY (i.ticket_id = t.id AND i.decision_kind = 'OPEN') DESC, i.version
        LIMIT 1) o ON true
      ORDER BY t.id
      """;

  static final String INCIDENTS =
      """
      SELECT l.*,
             (SELECT coalesce(json_agg(json_build_object(
                       'version', v.version, 'decision', v.decision_kind, 'ticketId', v.ticket_id)
                       ORDER BY v.version), '[]'::json)::text
              FROM incident_inbox v
              WHERE v.subject_id = l.subject_id AND v.decision_kind IS NOT NULL) AS decisions
      FROM (SELECT DISTINCT ON (subject_id) subject_id, kind, serial, batch, decision_kind,
                   payload::text AS payload
            FROM incident_inbox
            ORDER BY subject_id, version DESC) l
      """;

  public List<StoredTicket> tickets() {
    List<StoredTicket> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(TICKETS)) {
      while (r.next()) {
        StoredTicket.Opening opening = null;
        String payload = r.getString("payload");
        if (payload != null) {
          opening = opening(r.getString("subject_id"), r.getString("kind"), payload);
        }
        out.add(
            new StoredTicket(
                r.getLong("id"),
                r.getString("type"),
                r.getString("serial"),
                r.getString("batch"),
                strings(r.getArray("alarm_codes")),
                r.getTimestamp("created_at").toInstant(),
                r.getInt("occurrences"),
                opening));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading tickets from " + jdbcUrl + ": " + e.getMessage(), e);
    }
    return out;
  }

  public List<StoredIncident> incidents() {
    List<StoredIncident> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(INCIDENTS)) {
      while (r.next()) {
        JsonNode p = json(r.getString("payload"));
        boolean signal = "BATCH_SIGNAL".equals(r.getString("kind"));
        out.add(
            new StoredIncident(
                r.getString("subject_id"),
                signal ? "BATCH_SIGNAL" : p.path("kind").asText("FAULT"),
                r.getString("serial"),
                r.getString("batch"),
                codes(p),
                instant(p.path(signal ? "firstDetected" : "firstSeen")),
                r.getString("decision_kind"),
                decisions(r.getString("decisions"))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "reading incidents from " + jdbcUrl + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Rows in the inbox: every incident or signal version the ticket API decided. */
  public long inboxRows() {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM incident_inbox")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("counting inbox rows: " + e.getMessage(), e);
    }
  }

  static StoredTicket.Opening opening(String subjectId, String inboxKind, String payload) {
    JsonNode p = json(payload);
    if ("BATCH_SIGNAL".equals(inboxKind)) {
      return new StoredTicket.Opening(
          subjectId,
          "BATCH_SIGNAL",
          instant(p.path("firstDetected")),
          List.of(),
          false,
          p.path("affectedDevices").asInt());
    }
    return new StoredTicket.Opening(
        subjectId,
        p.path("kind").asText("FAULT"),
        instant(p.path("firstSeen")),
        codes(p),
        p.path("flapping").asBoolean(),
        0);
  }

  /** The per-version decisions as the INCIDENTS query aggregates them. */
  static List<StoredIncident.Decided> decisions(String json) {
    List<StoredIncident.Decided> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    JsonNode list;
    try {
      list = EventCodec.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable decisions " + json, e);
    }
    list.forEach(
        d ->
            out.add(
                new StoredIncident.Decided(
                    d.path("version").asLong(),
                    d.path("decision").asText(),
                    d.path("ticketId").isNumber() ? d.path("ticketId").asLong() : null)));
    return out;
  }

  private static JsonNode json(String text) {
    return EventCodec.readObject(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> codes(JsonNode p) {
    List<String> codes = new ArrayList<>();
    p.path("codes").forEach(c -> codes.add(c.asText()));
    return codes;
  }

  /** ISO text, or epoch seconds with a fraction, as Jackson may write instants. */
  static Instant instant(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      BigDecimal seconds = n.decimalValue();
      return Instant.ofEpochSecond(
          seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    return Instant.parse(n.asText());
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }
}
