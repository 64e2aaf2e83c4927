package dev.pdm.ticket.tickets.rest;

import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import dev.pdm.ticket.tickets.TicketRecords;
import dev.pdm.ticket.tickets.TicketService;
import dev.pdm.ticket.tickets.TicketView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Comments, attachments (references), sub-tasks, spare-part requests and links of a ticket. Adding
 * one locks the ticket (so it cannot be closed meanwhile) and writes the audit trail.
 */
@Path("/tickets/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TicketRecordsResource {

  private final Pool pool;
  private final TicketService service;
  private final TicketRecords records;
  private final AuditLog audit;
  private final Callers callers;
  private final Clock clock;

  public TicketRecordsResource(
      Pool pool,
      TicketService service,
      TicketRecords records,
      AuditLog audit,
      Callers callers,
      Clock clock) {
    this.pool = pool;
    this.service = service;
    this.records = records;
    this.audit = audit;
    this.callers = callers;
    this.clock = clock;
  }

  @POST
  @Path("/comments")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<Response> comment(@PathParam("id") long id, @Valid @NotNull TicketRequests.Comment c) {
    return add(
        id,
        false,
        "comment",
        (db, now, who) -> records.addComment(db, id, who, c.body(), now),
        v -> v.id());
  }

  @GET
  @Path("/comments")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN,
    Roles.CUSTOMER
  })
  public Uni<List<TicketRecords.CommentView>> comments(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> records.comments(pool, id));
  }

  @POST
  @Path("/attachments")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<Response> attach(
      @PathParam("id") long id, @Valid @NotNull TicketRequests.Attachment a) {
    return add(
        id,
        false,
        "attachment",
        (db, now, who) -> records.addAttachment(db, id, a.url(), a.name(), a.mediaType(), who, now),
        v -> v.id());
  }

  @GET
  @Path("/attachments")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN,
    Roles.CUSTOMER
  })
  public Uni<List<TicketRecords.AttachmentView>> attachments(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> records.attachments(pool, id));
  }

  @POST
  @Path("/subtasks")
  @RolesAllowed({Roles.DISPATCHER, Roles.ENGINEER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> subtask(@PathParam("id") long id, @Valid @NotNull TicketRequests.Subtask s) {
    return add(
        id,
        true,
        "subtask",
        (db, now, who) -> records.addSubtask(db, id, s.title(), who, now),
        v -> v.id());
  }

  @POST
  @Path("/subtasks/{subtask}/done")
  @RolesAllowed({Roles.DISPATCHER, Roles.ENGINEER, Roles.MANAGER, Roles.ADMIN})
  public Uni<TicketRecords.SubtaskView> completeSubtask(
      @PathParam("id") long id, @PathParam("subtask") long subtask) {
    String who = callers.current().name();
    Instant now = clock.instant();
    return pool.withTransaction(
        db ->
            service
                .locked(db, id, null)
                .chain(t -> records.completeSubtask(db, id, subtask, now))
                .call(
                    s -> audit.record(db, "subtask", "" + subtask, id, "DONE", who, null, s, now)));
  }

  @GET
  @Path("/subtasks")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<List<TicketRecords.SubtaskView>> subtasks(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> records.subtasks(pool, id));
  }

  @POST
  @Path("/parts")
  @RolesAllowed({Roles.DISPATCHER, Roles.ENGINEER, Roles.MANAGER, Roles.ADMIN})
  public Uni<Response> requestPart(
      @PathParam("id") long id, @Valid @NotNull TicketRequests.PartRequest p) {
    return add(
        id,
        true,
        "part_request",
        (db, now, who) ->
            records.requestPart(db, id, p.partNumber(), p.quantity(), p.reason(), who, now),
        v -> v.id());
  }

  /** Approval of spare parts is the manager's. */
  @POST
  @Path("/parts/{request}/decision")
  @RolesAllowed({Roles.MANAGER})
  public Uni<TicketRecords.PartRequestView> decidePart(
      @PathParam("id") long id,
      @PathParam("request") long request,
      @Valid @NotNull TicketRequests.PartDecision d) {
    String who = callers.current().name();
    Instant now = clock.instant();
    return pool.withTransaction(
        db ->
            service
                .locked(db, id, null)
                .chain(t -> records.decidePart(db, id, request, d.approve(), who, now))
                .call(
                    p ->
                        audit.record(
                            db, "part_request", "" + request, id, p.status(), who, null, p, now)));
  }

  @GET
  @Path("/parts")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<List<TicketRecords.PartRequestView>> parts(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> records.parts(pool, id));
  }

  @POST
  @Path("/links")
  @RolesAllowed({Roles.DISPATCHER, Roles.MANAGER, Roles.RELIABILITY, Roles.QUALITY, Roles.ADMIN})
  public Uni<Response> link(@PathParam("id") long id, @Valid @NotNull TicketRequests.Link l) {
    if (l.to() == id) {
      throw ProblemException.invalidField("to", "a ticket cannot link to itself");
    }
    return add(
        id,
        false,
        "link",
        (db, now, who) -> records.link(db, id, l.to(), l.kind(), who, now),
        v -> v.to());
  }

  @GET
  @Path("/links")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN
  })
  public Uni<List<TicketRecords.LinkView>> links(@PathParam("id") long id) {
    return service.get(pool, id, callers.current()).chain(t -> records.links(pool, id));
  }

  private interface Adder<T> {
    Uni<T> add(SqlClient db, Instant now, String who);
  }

  private <T> Uni<Response> add(
      long id, boolean needsOpen, String entity, Adder<T> adder, Function<T, Object> key) {
    String who = callers.current().name();
    Instant now = clock.instant();
    return pool.withTransaction(
            db ->
                service
                    .locked(db, id, null)
                    .chain(
                        (TicketView t) -> {
                          if (needsOpen && !t.status().isOpen()) {
                            throw ProblemException.conflict(
                                "ticket-not-open",
                                "a " + t.status() + " ticket takes no new " + entity);
                          }
                          return adder.add(db, now, who);
                        })
                    .call(
                        v ->
                            audit.record(
                                db, entity, "" + key.apply(v), id, "ADD", who, null, v, now)))
        .map(v -> Response.status(Response.Status.CREATED).entity(v).build());
  }
}
