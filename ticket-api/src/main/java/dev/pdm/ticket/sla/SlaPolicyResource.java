package dev.pdm.ticket.sla;

import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The SLA policy table (seeded by migration). */
@Path("/sla/policies")
@Produces(MediaType.APPLICATION_JSON)
public class SlaPolicyResource {

  private final Pool pool;
  private final SlaStore store;

  public SlaPolicyResource(Pool pool, SlaStore store) {
    this.pool = pool;
    this.store = store;
  }

  @GET
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<List<SlaPolicy>> policies() {
    return store.policies(pool);
  }
}
