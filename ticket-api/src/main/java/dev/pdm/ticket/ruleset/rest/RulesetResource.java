package dev.pdm.ticket.ruleset.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.rules.backtest.BacktestReport;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.ticket.audit.AuditLog;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.ingest.DecisionContext;
import dev.pdm.ticket.ruleset.Activation;
import dev.pdm.ticket.ruleset.RulesetRuntime;
import dev.pdm.ticket.ruleset.RulesetService;
import dev.pdm.ticket.ruleset.RulesetStore;
import dev.pdm.ticket.ruleset.RulesetVersion;
import dev.pdm.ticket.ruleset.rest.RulesetRequests.ActiveView;
import dev.pdm.ticket.ruleset.rest.RulesetRequests.UploadResult;
import dev.pdm.ticket.ruleset.rest.RulesetRequests.VersionDetail;
import dev.pdm.ticket.ruleset.rest.RulesetRequests.VersionSummary;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Rule management for reliability engineers: versions, upload, activation, rollback, backtest,
 * dry-run and the audit trail. Only {@code reliability} changes rulesets; {@code admin} may read.
 * Methods return plain values, so they run on worker threads, where compiling DRL belongs.
 */
@Path("/rulesets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RELIABILITY, Roles.ADMIN})
public class RulesetResource {

  private final RulesetService service;
  private final RulesetStore store;
  private final RulesetRuntime runtime;
  private final DecisionContext context;
  private final Pool pool;
  private final Callers callers;
  private final Clock clock;

  public RulesetResource(
      RulesetService service,
      RulesetStore store,
      RulesetRuntime runtime,
      DecisionContext context,
      Pool pool,
      Callers callers,
      Clock clock) {
    this.service = service;
    this.store = store;
    this.runtime = runtime;
    this.context = context;
    this.pool = pool;
    this.callers = callers;
    this.clock = clock;
  }

  @GET
  public List<VersionSummary> list() {
    long active = activeId();
    return pool.withConnection(store::list).await().indefinitely().stream()
        .map(v -> VersionSummary.of(v, active))
        .toList();
  }

  @GET
  @Path("/active")
  public ActiveView active() {
    Activation a =
        pool.withConnection(store::current)
            .await()
            .indefinitely()
            .orElseThrow(() -> ProblemException.notFound("an active ruleset"));
    return new ActiveView(a.versionId(), RulesetVersion.engineVersion(a.versionId()), a);
  }

  @GET
  @Path("/{id}")
  public VersionDetail get(@PathParam("id") long id) {
    RulesetVersion v = service.find(id);
    return new VersionDetail(
        v.id(),
        v.engineVersion(),
        v.label(),
        v.comment(),
        v.ruleNames(),
        v.createdBy(),
        v.createdAt(),
        v.id() == activeId(),
        v.drl(),
        tree(v.examplesJson()));
  }

  @POST
  @RolesAllowed(Roles.RELIABILITY)
  public Response upload(@Valid @NotNull RulesetRequests.Upload req) {
    RulesetService.Uploaded up =
        service.upload(
            req.label(),
            req.comment(),
            req.drl(),
            req.examples().toString(),
            req.activate(),
            callers.current());
    VersionSummary summary =
        VersionSummary.of(up.version(), up.active() ? up.version().id() : activeId());
    return Response.created(URI.create("/rulesets/" + up.version().id()))
        .entity(new UploadResult(summary, up.report()))
        .build();
  }

  @POST
  @Path("/{id}/activation")
  @RolesAllowed(Roles.RELIABILITY)
  public Activation activate(@PathParam("id") long id) {
    return service.activate(id, callers.current());
  }

  @POST
  @Path("/rollback")
  @RolesAllowed(Roles.RELIABILITY)
  public Activation rollback() {
    return service.rollback(callers.current());
  }

  @GET
  @Path("/activations")
  public List<Activation> activations() {
    return pool.withConnection(store::history).await().indefinitely();
  }

  @GET
  @Path("/audit")
  public List<AuditLog.AuditEntry> audit() {
    return pool.withConnection(store::audit).await().indefinitely();
  }

  /** {@code from} and {@code to} are ISO instants; the window is half-open. */
  @GET
  @Path("/{id}/backtest")
  public BacktestReport backtest(
      @PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to) {
    return service.backtest(id, instant("from", from), instant("to", to));
  }

  /**
   * Decides one incident (body: incident JSON) against the current tickets and device, without
   * changing anything; {@code version} picks a stored version other than the active one.
   */
  @POST
  @Path("/dry-run")
  public Decision dryRun(@QueryParam("version") Long version, JsonNode incidentJson) {
    var incident = decode(() -> EventCodec.decodeIncident(bytes(incidentJson)));
    Instant now = clock.instant();
    DecisionRequest request =
        pool.withConnection(db -> context.forIncident(db, incident, now)).await().indefinitely();
    return service.dryRun(version, request);
  }

  /** {@link #dryRun} for a batch-risk signal. */
  @POST
  @Path("/dry-run/batch-risk")
  public Decision dryRunBatch(@QueryParam("version") Long version, JsonNode signalJson) {
    var signal = decode(() -> EventCodec.decodeBatchRisk(bytes(signalJson)));
    Instant now = clock.instant();
    DecisionRequest request =
        pool.withConnection(db -> context.forBatchSignal(db, signal, now)).await().indefinitely();
    return service.dryRun(version, request);
  }

  private long activeId() {
    return runtime.active().versionId();
  }

  private static <T> T decode(java.util.function.Supplier<T> decoder) {
    try {
      return decoder.get();
    } catch (InvalidEventException e) {
      String field = e.field() == null ? "body" : e.field();
      throw ProblemException.invalidField(field, e.problem());
    }
  }

  private static byte[] bytes(JsonNode body) {
    if (body == null) {
      throw ProblemException.invalidField("body", "is required");
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      throw ProblemException.invalidField(name, "is required (ISO-8601 instant)");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(name, "is not an ISO-8601 instant");
    }
  }

  private static JsonNode tree(String json) {
    try {
      return EventCodec.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
