package dev.pdm.ticket.ingest;

import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What the ingestion recorded: per incident (or batch signal) every version received with the
 * decision taken, and per ticket the incidents that opened or changed it.
 */
@Path("/ingest")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RELIABILITY, Roles.QUALITY, Roles.DISPATCHER, Roles.MANAGER, Roles.ADMIN})
public class IngestResource {

  private final Pool pool;
  private final InboxStore inbox;

  public IngestResource(Pool pool, InboxStore inbox) {
    this.pool = pool;
    this.inbox = inbox;
  }

  @GET
  @Path("/subjects/{subjectId}")
  public Uni<List<InboxStore.Recorded>> subject(@PathParam("subjectId") String subjectId) {
    return inbox.forSubject(pool, subjectId);
  }

  @GET
  @Path("/tickets/{ticketId}")
  public Uni<List<InboxStore.Recorded>> ticket(@PathParam("ticketId") long ticketId) {
    return inbox.forTicket(pool, ticketId);
  }
}
