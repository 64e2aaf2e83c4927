package dev.pdm.ticket.tickets;

import dev.pdm.model.device.DeviceFacts;
import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.devices.DeviceStore;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.lifecycle.TicketType;
import dev.pdm.ticket.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** What opening a ticket needs besides the insert: its device facts and its links. */
@ApplicationScoped
public class TicketOpening {

  private final TicketStore tickets;
  private final DeviceStore devices;

  public TicketOpening(TicketStore tickets, DeviceStore devices) {
    this.tickets = tickets;
    this.devices = devices;
  }

  Uni<Void> link(SqlClient db, long from, List<Long> to, String kind, Caller actor, Instant now) {
    if (to.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tickets
        .existing(db, to)
        .chain(
            found -> {
              List<Long> missing = to.stream().filter(i -> !found.contains(i)).toList();
              if (!missing.isEmpty()) {
                throw ProblemException.unprocessable(
                    "unknown-ticket", "linked tickets do not exist: " + missing);
              }
              return db.preparedQuery(
                      "INSERT INTO ticket_link (from_id, to_id, kind, created_by, created_at)"
                          + " SELECT $1, unnest($2::bigint[]), $3, $4, $5 ON CONFLICT DO NOTHING")
                  .execute(
                      io.vertx.mutiny.sqlclient.Tuple.of(
                          from, to.toArray(Long[]::new), kind, actor.name(), Sql.ts(now)))
                  .replaceWithVoid();
            });
  }

  static String linkKind(TicketType type) {
    return type == TicketType.BATCH_PROBLEM ? "PROBLEM_OF" : "RELATED";
  }

  Uni<DeviceFacts> deviceFor(SqlClient db, NewTicket cmd) {
    if (!cmd.type().needsDevice()) {
      if (cmd.batch() == null || cmd.batch().isBlank()) {
        throw ProblemException.invalidField("batch", "is required for a " + cmd.type() + " ticket");
      }
      return Uni.createFrom().nullItem();
    }
    if (cmd.device() != null) {
      return Uni.createFrom().item(cmd.device());
    }
    if (cmd.serial() == null || cmd.serial().isBlank()) {
      throw ProblemException.invalidField("serial", "is required for a " + cmd.type() + " ticket");
    }
    return devices
        .find(db, cmd.serial())
        .map(
            d ->
                d.orElseThrow(
                    () ->
                        ProblemException.unprocessable(
                            "unknown-device",
                            "device "
                                + cmd.serial()
                                + " is not in the registry; import it first")));
  }

  static TicketStore.TicketRow row(NewTicket cmd, DeviceFacts d, Caller actor, Instant now) {
    Decision decision = cmd.decision();
    return new TicketStore.TicketRow(
        cmd.type(),
        cmd.priority(),
        cmd.title(),
        cmd.description(),
        d == null ? null : d.serial(),
        d == null ? cmd.deviceClass() : d.deviceClass().name(),
        d == null ? cmd.model() : d.model(),
        d == null ? null : d.firmware(),
        d == null ? cmd.batch() : d.batch(),
        d == null ? null : d.siteId(),
        d == null ? null : d.region(),
        d == null ? null : d.customerId(),
        d == null ? null : d.customerName(),
        // batch problems are internal: they run on the standard tier's targets
        d == null ? "STANDARD" : d.customerTier().name(),
        cmd.alarmCodes(),
        cmd.evidence(),
        decision == null ? null : decision.label(),
        decision == null ? null : decision.reason(),
        decision,
        cmd.sourceRef(),
        actor.name(),
        now);
  }
}
