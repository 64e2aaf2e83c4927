package dev.pdm.ticket.tickets.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.http.Cursor;
import dev.pdm.ticket.http.Page;
import dev.pdm.ticket.http.Preconditions;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.idempotency.IdempotencyStore;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import dev.pdm.ticket.sla.ClockRow;
import dev.pdm.ticket.sla.SlaEventView;
import dev.pdm.ticket.sla.SlaStore;
import dev.pdm.ticket.tickets.NewTicket;
import dev.pdm.ticket.tickets.TicketChanges;
import dev.pdm.ticket.tickets.TicketFilter;
import dev.pdm.ticket.tickets.TicketService;
import dev.pdm.ticket.tickets.TicketStore;
import dev.pdm.ticket.tickets.TicketView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Tickets: create, read, list, edit, lifecycle, assignment, follow-up, audit and SLA. */
@Path("/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TicketResource {

  static final String CURSOR_KIND = "ticket";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Pool pool;
  private final TicketService service;
  private final TicketStore store;
  private final SlaStore slaStore;
  private final AuditLog audit;
  private final IdempotencyStore idempotency;
  private final Callers callers;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final TicketApiConfig config;

  public TicketResource(
      Pool pool,
      TicketService service,
      TicketStore store,
      SlaStore slaStore,
      AuditLog audit,
      IdempotencyStore idempotency,
      Callers callers,
      ObjectMapper mapper,
      Clock clock,
      TicketApiConfig config) {
    this.pool = pool;
    this.service = service;
    this.store = store;
    this.slaStore = slaStore;
    this.audit = audit;
    this.idempotency = idempotency;
    this.callers = callers;
    this.mapper = mapper;
    this.clock = clock;
    this.config = config;
  }

  @POST
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.RELIABILITY, Roles.QUALITY, Roles.ADMIN})
  public Uni<Response> create(
      @Valid @NotNull TicketRequests.CreateTicket req,
      @HeaderParam(IDEMPOTENCY_KEY) String key,
      @Context UriInfo uri) {
    if (req.evidence() != null && !(req.evidence().isObject() || req.evidence().isArray())) {
      throw ProblemException.invalidField("evidence", "must be a JSON object or array");
    }
    NewTicket cmd =
        new NewTicket(
            req.type(),
            req.priority(),
            req.title(),
            req.description(),
            req.serial(),
            null,
            req.batch(),
            req.deviceClass(),
            req.model(),
            req.alarmCodes(),
            req.evidence(),
            null,
            null,
            req.linkedTickets(),
            Boolean.TRUE.equals(req.autoAssign()),
            req.requiredSkills());
    Instant now = clock.instant();
    Caller who = callers.current();
    if (key == null || key.isBlank()) {
      return pool.withTransaction(db -> service.create(db, cmd, who, now))
          .map(
              t ->
                  Response.created(uri.getAbsolutePathBuilder().path("" + t.id()).build())
                      .tag(etagValue(t))
                      .entity(t)
                      .build());
    }
    String hash = IdempotencyStore.hash(json(req));
    return pool.withTransaction(
            db ->
                idempotency.once(
                    db,
                    "POST /tickets " + who.name(),
                    key,
                    hash,
                    now,
                    () ->
                        service
                            .create(db, cmd, who, now)
                            .map(
                                t ->
                                    new IdempotencyStore.StoredResponse(
                                        201,
                                        uri.getAbsolutePathBuilder()
                                            .path("" + t.id())
                                            .build()
                                            .toString(),
                                        t.etag(),
                                        json(t),
                                        false))))
        .map(
            r ->
                Response.status(r.status())
                    .header(HttpHeaders.LOCATION, r.location())
                    .header(HttpHeaders.ETAG, r.etag())
                    .header("Idempotent-Replayed", r.replay())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(r.body())
                    .build());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN,
    Roles.CUSTOMER
  })
  public Uni<Response> get(@PathParam("id") long id) {
    return service
        .get(pool, id, callers.current())
        .map(t -> Response.ok(t).tag(etagValue(t)).build());
  }

  @GET
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN,
    Roles.CUSTOMER
  })
  public Uni<Page<TicketView>> list(
      @QueryParam("status") String status,
      @QueryParam("type") String type,
      @QueryParam("priority") String priority,
      @QueryParam("serial") String serial,
      @QueryParam("site") String site,
      @QueryParam("batch") String batch,
      @QueryParam("firmware") String firmware,
      @QueryParam("model") String model,
      @QueryParam("region") String region,
      @QueryParam("customer") String customer,
      @QueryParam("assignee") String assignee,
      @QueryParam("alarmCode") String alarmCode,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @Context UriInfo uri) {
    int n = Cursor.limit(limit, config.paging().defaultLimit(), config.paging().maxLimit());
    Long after = Cursor.decodeLong(CURSOR_KIND, cursor);
    TicketFilter f =
        new TicketFilter(
            upper(status),
            upper(type),
            upper(priority),
            serial,
            site,
            batch,
            firmware,
            model,
            region,
            callers.current().isCustomerOnly() ? callers.current().customerScope() : customer,
            assignee,
            alarmCode);
    return store
        .list(pool, f, after, n + 1)
        .map(rows -> Page.of(rows, n, CURSOR_KIND, t -> "" + t.id(), uri));
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed({Roles.DISPATCHER, Roles.ENGINEER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> update(
      @PathParam("id") long id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull TicketRequests.UpdateTicket req) {
    long version = Preconditions.requiredVersion(ifMatch);
    if (req.evidence() != null && !(req.evidence().isObject() || req.evidence().isArray())) {
      throw ProblemException.invalidField("evidence", "must be a JSON object or array");
    }
    TicketChanges c =
        new TicketChanges(
            req.title(),
            req.description(),
            req.priority(),
            req.rootCause(),
            req.partsUsed(),
            req.noParts(),
            req.resolutionNote(),
            req.evidence(),
            req.alarmCodes());
    Caller who = callers.current();
    Instant now = clock.instant();
    return pool.withTransaction(db -> service.update(db, id, version, c, who, now)).map(this::ok);
  }

  @POST
  @Path("/{id}/transitions")
  @RolesAllowed({Roles.DISPATCHER, Roles.ENGINEER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> transition(
      @PathParam("id") long id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull TicketRequests.Transition req) {
    long version = Preconditions.requiredVersion(ifMatch);
    Caller who = callers.current();
    Instant now = clock.instant();
    return pool.withTransaction(
            db ->
                service.transition(
                    db, id, version, req.action(), req.holdReason(), req.reason(), who, now))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/assignment")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> assign(
      @PathParam("id") long id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull TicketRequests.Assign req) {
    long version = Preconditions.requiredVersion(ifMatch);
    Caller who = callers.current();
    Instant now = clock.instant();
    return pool.withTransaction(
            db -> service.assign(db, id, version, req.engineer(), req.requiredSkills(), who, now))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/follow-up")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> followUp(
      @PathParam("id") long id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Valid @NotNull TicketRequests.FollowUp req) {
    long version = Preconditions.requiredVersion(ifMatch);
    Caller who = callers.current();
    Instant now = clock.instant();
    return pool.withTransaction(
            db -> service.followUp(db, id, version, req.satisfaction(), req.note(), who, now))
        .map(this::ok);
  }

  @GET
  @Path("/{id}/audit")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.RELIABILITY, Roles.QUALITY, Roles.ADMIN})
  public Uni<List<AuditLog.AuditEntry>> audit(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> audit.forTicket(pool, id));
  }

  /** The ticket's clocks and the warnings and escalations that fired. */
  public record SlaView(List<ClockView> clocks, List<SlaEventView> events) {}

  public record ClockView(
      String clock,
      String calendar,
      String zone,
      long targetMinutes,
      Instant dueAt,
      boolean paused,
      long pausedSeconds,
      Instant stoppedAt,
      int nextLevel,
      Instant nextFireAt) {}

  @GET
  @Path("/{id}/sla")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<SlaView> sla(@PathParam("id") long id) {
    return service
        .get(pool, id, callers.current())
        .chain(t -> slaStore.clocks(pool, id))
        .chain(
            clocks ->
                slaStore
                    .events(pool, id)
                    .map(
                        events ->
                            new SlaView(
                                clocks.stream().map(TicketResource::clockView).toList(), events)));
  }

  private static ClockView clockView(ClockRow c) {
    return new ClockView(
        c.clock(),
        c.calendarId(),
        c.zone(),
        c.state().target().toMinutes(),
        c.dueAt(),
        c.state().paused(),
        c.pausedSeconds(),
        c.stoppedAt(),
        c.nextLevel(),
        c.nextFireAt());
  }

  private Response ok(TicketView t) {
    return Response.ok(t).tag(etagValue(t)).build();
  }

  private static jakarta.ws.rs.core.EntityTag etagValue(TicketView t) {
    return new jakarta.ws.rs.core.EntityTag("" + t.version());
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase();
  }

  private String json(Object o) {
    try {
      return mapper.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
