package dev.pdm.ticket.sla;

import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.Preconditions;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import dev.pdm.ticket.sla.SlaRequests.CalendarView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;

/**
 * Business calendars: working days and hours, holidays, optionally a zone of their own. Admins
 * write (PUT creates or, with If-Match, replaces); managers and admins read.
 */
@Path("/sla/calendars")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SlaCalendarResource {

  private final Pool pool;
  private final SlaAdmin admin;
  private final SlaStore store;
  private final Callers callers;
  private final Clock clock;

  public SlaCalendarResource(
      Pool pool, SlaAdmin admin, SlaStore store, Callers callers, Clock clock) {
    this.pool = pool;
    this.admin = admin;
    this.store = store;
    this.callers = callers;
    this.clock = clock;
  }

  @GET
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<List<CalendarView>> list() {
    return admin.calendars(pool);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> get(@PathParam("id") String id) {
    return admin
        .calendar(pool, id, false)
        .map(
            c ->
                c.map(v -> Response.ok(v).tag(etag(v.version())).build())
                    .orElseThrow(() -> ProblemException.notFound("calendar " + id)));
  }

  @PUT
  @Path("/{id}")
  @RolesAllowed(Roles.ADMIN)
  public Uni<Response> put(
      @PathParam("id") @Pattern(regexp = SlaRequests.CALENDAR_ID, message = "must be a calendar id")
          String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull SlaRequests.Calendar body) {
    Long expected = ifMatch == null ? null : Preconditions.requiredVersion(ifMatch);
    var who = callers.current();
    var now = clock.instant();
    return pool.withTransaction(db -> admin.putCalendar(db, id, body, expected, who, now))
        .invoke(w -> store.invalidate())
        .map(
            w ->
                Response.status(w.created() ? 201 : 200)
                    .tag(etag(w.value().version()))
                    .entity(w.value())
                    .build());
  }

  @GET
  @Path("/{id}/audit")
  @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
  public Uni<List<AuditLog.AuditEntry>> audit(@PathParam("id") String id) {
    return admin.audit(pool, SlaAdmin.CALENDAR, id);
  }

  static EntityTag etag(long version) {
    return new EntityTag(Long.toString(version));
  }
}
