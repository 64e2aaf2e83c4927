package dev.pdm.ticket.ingest;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.incident.Incident;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.Priority;
import dev.pdm.rules.decision.TicketFact;
import dev.pdm.rules.decision.TicketStatus;
import dev.pdm.rules.decision.TicketType;
import dev.pdm.ticket.ruleset.RulesetConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers what the rules see for one incident or batch signal: the device from the registry and the
 * tickets around it, read in the deciding transaction. Reads only: registering an unknown device is
 * the ingestion's ({@link ProvisionalDevices}), so a dry run changes nothing.
 */
@ApplicationScoped
public class DecisionContext {

  private static final String SELECT =
      """
      SELECT t.id, t.serial, t.type, t.status, t.priority, t.alarm_codes, t.created_at, t.batch,
        coalesce(t.closed_at, t.resolved_at) AS done_at,
        ARRAY(SELECT i.subject_id FROM incident_inbox i
              WHERE i.ticket_id = t.id AND i.kind = 'INCIDENT' ORDER BY i.id) AS incident_ids,
        (SELECT i.failure_mode FROM incident_inbox i
         WHERE i.ticket_id = t.id AND i.failure_mode IS NOT NULL ORDER BY i.id LIMIT 1)
          AS failure_mode
      FROM ticket t
      """;

  /** Ticket types the rules do not know (e.g. complaints) are left out of their view. */
  private static final Set<String> RULE_TYPES =
      Arrays.stream(TicketType.values())
          .map(Enum::name)
          .collect(java.util.stream.Collectors.toSet());

  private final ProvisionalDevices provisional;
  private final RulesetConfig config;

  public DecisionContext(ProvisionalDevices provisional, RulesetConfig config) {
    this.provisional = provisional;
    this.config = config;
  }

  /**
   * The device's open tickets and those closed within the horizon; the device as the registry
   * import knows it (a device registered only provisionally is unregistered to the rules).
   */
  public Uni<DecisionRequest> forIncident(SqlClient db, Incident incident, Instant now) {
    return provisional
        .imported(db, incident.serial())
        .chain(device -> forIncident(db, incident, device, now));
  }

  /** The same, with the device already looked up in this transaction. */
  public Uni<DecisionRequest> forIncident(
      SqlClient db, Incident incident, Optional<DeviceFacts> device, Instant now) {
    Instant horizon = now.minus(config.closedTicketHorizon());
    return db.preparedQuery(
            SELECT
                + " WHERE t.serial = $1 AND t.status <> 'CANCELLED'"
                + " AND (t.status NOT IN ('RESOLVED', 'FOLLOW_UP', 'CLOSED')"
                + "      OR coalesce(t.closed_at, t.resolved_at) >= $2)"
                + " ORDER BY t.id")
        .execute(Tuple.of(incident.serial(), ts(horizon)))
        .map(rows -> DecisionRequest.forIncident(incident, device.orElse(null), facts(rows), now));
  }

  /** The batch's open tickets: its device tickets and any batch-problem ticket. */
  public Uni<DecisionRequest> forBatchSignal(SqlClient db, BatchRiskSignal signal, Instant now) {
    return db.preparedQuery(
            SELECT
                + " WHERE t.batch = $1"
                + " AND t.status NOT IN ('RESOLVED', 'FOLLOW_UP', 'CLOSED', 'CANCELLED')"
                + " ORDER BY t.id")
        .execute(Tuple.of(signal.batch()))
        .map(rows -> DecisionRequest.forBatchSignal(signal, facts(rows), now));
  }

  private static List<TicketFact> facts(Iterable<Row> rows) {
    List<TicketFact> out = new ArrayList<>();
    for (Row r : rows) {
      String type = r.getString("type");
      if (!RULE_TYPES.contains(type)) {
        continue;
      }
      out.add(fact(r, TicketType.valueOf(type)));
    }
    return out;
  }

  /**
   * Resolved and followed-up tickets count as closed for the rules: the ticket service folds only
   * into tickets still being worked on, and a recurrence after the fix is a reopen.
   */
  private static TicketFact fact(Row r, TicketType type) {
    String status = r.getString("status");
    boolean open = !Set.of("RESOLVED", "FOLLOW_UP", "CLOSED").contains(status);
    List<String> codes = List.of(r.getArrayOfStrings("alarm_codes"));
    String failureMode = r.getString("failure_mode");
    if (failureMode == null && !codes.isEmpty()) {
      failureMode =
          AlarmCatalogue.standard().find(codes.get(0)).map(AlarmCode::family).orElse(null);
    }
    return new TicketFact(
        String.valueOf(r.getLong("id")),
        r.getString("serial"),
        type,
        open ? TicketStatus.OPEN : TicketStatus.CLOSED,
        Priority.valueOf(r.getString("priority")),
        codes,
        instant(r.getOffsetDateTime("created_at")),
        open ? null : instant(r.getOffsetDateTime("done_at")),
        List.of(r.getArrayOfStrings("incident_ids")),
        r.getString("batch"),
        failureMode);
  }
}
