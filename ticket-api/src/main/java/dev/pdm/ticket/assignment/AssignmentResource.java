package dev.pdm.ticket.assignment;

import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/** Engineer groups (region x product line) and engineers (skills, load threshold). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssignmentResource {

  private final Pool pool;
  private final AssignmentStore store;
  private final AuditLog audit;
  private final Callers callers;
  private final Clock clock;

  public AssignmentResource(
      Pool pool, AssignmentStore store, AuditLog audit, Callers callers, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.callers = callers;
    this.clock = clock;
  }

  @GET
  @Path("engineer-groups")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.ADMIN})
  public Uni<List<AssignmentStore.GroupView>> groups() {
    return store.groups(pool);
  }

  @PUT
  @Path("engineer-groups/{id}")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<AssignmentStore.GroupView> putGroup(
      @PathParam("id") String id, @Valid @NotNull AssignmentStore.GroupView g) {
    var group = new AssignmentStore.GroupView(id, g.name(), g.region(), g.deviceClass(), g.model());
    String who = callers.current().name();
    return pool.withTransaction(
            db ->
                store
                    .upsertGroup(db, group)
                    .call(
                        () ->
                            audit.record(
                                db,
                                "engineer_group",
                                id,
                                null,
                                "PUT",
                                who,
                                null,
                                group,
                                clock.instant())))
        .replaceWith(group);
  }

  @GET
  @Path("engineers")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.ADMIN})
  public Uni<List<AssignmentStore.EngineerView>> engineers() {
    return store.engineers(pool);
  }

  @PUT
  @Path("engineers/{id}")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<AssignmentStore.EngineerView> putEngineer(
      @PathParam("id") String id, @Valid @NotNull AssignmentStore.EngineerView e) {
    var engineer =
        new AssignmentStore.EngineerView(
            id, e.name(), e.groupId(), e.skills(), e.maxOpen(), 0, e.active());
    String who = callers.current().name();
    return pool.withTransaction(
            db ->
                store
                    .upsertEngineer(db, engineer)
                    .call(
                        () ->
                            audit.record(
                                db,
                                "engineer",
                                id,
                                null,
                                "PUT",
                                who,
                                null,
                                engineer,
                                clock.instant())))
        .chain(() -> store.engineers(pool))
        .map(all -> all.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow());
  }
}
