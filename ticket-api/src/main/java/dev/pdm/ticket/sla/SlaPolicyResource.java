package dev.pdm.ticket.sla;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.Preconditions;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;

/**
 * The SLA policy table: one row per customer tier and priority. Every staff role reads it; admins
 * write (PUT creates or, with If-Match, replaces). An edit applies to tickets opened afterwards:
 * running clocks keep the targets and levels they started with until a priority change re-targets
 * them.
 */
@Path("/sla/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SlaPolicyResource {

  private final Pool pool;
  private final SlaStore store;
  private final SlaAdmin admin;
  private final Callers callers;
  private final Clock clock;

  public SlaPolicyResource(
      Pool pool, SlaStore store, SlaAdmin admin, Callers callers, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.admin = admin;
    this.callers = callers;
    this.clock = clock;
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

  @GET
  @Path("/{tier}/{priority}")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<Response> get(
      @PathParam("tier") CustomerTier tier, @PathParam("priority") Priority priority) {
    return admin
        .policy(pool, tier.name(), priority.name(), false)
        .map(
            p ->
                p.map(v -> Response.ok(v).tag(SlaCalendarResource.etag(v.version())).build())
                    .orElseThrow(
                        () -> ProblemException.notFound("SLA policy " + tier + "/" + priority)));
  }

  @PUT
  @Path("/{tier}/{priority}")
  @RolesAllowed(Roles.ADMIN)
  public Uni<Response> put(
      @PathParam("tier") CustomerTier tier,
      @PathParam("priority") Priority priority,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull SlaRequests.Policy body) {
    Long expected = ifMatch == null ? null : Preconditions.requiredVersion(ifMatch);
    var who = callers.current();
    var now = clock.instant();
    return pool.withTransaction(
            db -> admin.putPolicy(db, tier.name(), priority.name(), body, expected, who, now))
        .invoke(w -> store.invalidate())
        .map(
            w ->
                Response.status(w.created() ? 201 : 200)
                    .tag(SlaCalendarResource.etag(w.value().version()))
                    .entity(w.value())
                    .build());
  }

  @GET
  @Path("/{tier}/{priority}/audit")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<List<AuditLog.AuditEntry>> audit(
      @PathParam("tier") CustomerTier tier, @PathParam("priority") Priority priority) {
    return admin.audit(pool, SlaAdmin.POLICY, tier + "/" + priority);
  }
}
