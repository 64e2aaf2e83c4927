package dev.pdm.ticket.tickets;

import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Locking, re-reading and auditing around every ticket change. */
@ApplicationScoped
public class TicketWrites {

  private final TicketStore tickets;
  private final AuditLog audit;

  public TicketWrites(TicketStore tickets, AuditLog audit) {
    this.tickets = tickets;
    this.audit = audit;
  }

  AuditLog audit() {
    return audit;
  }

  /** Locks the ticket and checks the caller's version; 404 and 412 otherwise. */
  Uni<TicketView> locked(SqlClient db, long id, Long expectedVersion) {
    return require(tickets.lock(db, id), id)
        .map(
            t -> {
              if (expectedVersion != null && t.version() != expectedVersion) {
                throw ProblemException.stale(t.version());
              }
              return t;
            });
  }

  /** Re-reads the changed ticket and records the change with both images. */
  Uni<TicketView> finish(
      SqlClient db, TicketView before, String action, Caller actor, Instant now) {
    return require(tickets.find(db, before.id()), before.id())
        .call(
            after ->
                audit.record(
                    db,
                    "ticket",
                    "" + before.id(),
                    before.id(),
                    action,
                    actor.name(),
                    before,
                    after,
                    now));
  }

  static Uni<TicketView> require(Uni<Optional<TicketView>> find, long id) {
    return find.map(t -> t.orElseThrow(() -> ProblemException.notFound("ticket " + id)));
  }
}
