package dev.pdm.ticket.devices;

import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.http.Cursor;
import dev.pdm.ticket.http.Page;
import dev.pdm.ticket.http.ProblemException;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.security.Callers;
import dev.pdm.ticket.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The device registry: import from the simulators' files, and queries. */
@Path("/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

  static final String CURSOR_KIND = "device";

  private final Pool pool;
  private final DeviceStore store;
  private final Callers callers;
  private final TicketApiConfig config;

  public DeviceResource(Pool pool, DeviceStore store, Callers callers, TicketApiConfig config) {
    this.pool = pool;
    this.store = store;
    this.callers = callers;
    this.config = config;
  }

  @POST
  @Path("/import")
  @Consumes("text/csv")
  @RolesAllowed({Roles.ADMIN, Roles.DISPATCHER})
  public Uni<ImportReport> importCsv(String body) {
    return importRead(DeviceRegistryFiles.parseCsv(body == null ? "" : body), true);
  }

  @POST
  @Path("/import")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.DISPATCHER})
  public Uni<ImportReport> importJson(byte[] body) {
    return importRead(
        DeviceRegistryFiles.parseJson(body == null ? "[]".getBytes(StandardCharsets.UTF_8) : body),
        false);
  }

  private Uni<ImportReport> importRead(DeviceRegistryFiles.RegistryRead read, boolean csv) {
    List<ImportReport.Rejected> rejected =
        read.rejected().stream()
            .map(r -> new ImportReport.Rejected(r.position(), r.reason()))
            .toList();
    int received = read.devices().size() + rejected.size();
    if (read.devices().isEmpty() && !rejected.isEmpty() && rejected.get(0).line() <= 1) {
      boolean fatal = csv ? rejected.get(0).reason().startsWith("header") : received == 1;
      if (fatal) {
        throw ProblemException.badRequest(
            "the registry could not be read: " + rejected.get(0).reason(), null);
      }
    }
    return pool.withTransaction(db -> store.upsert(db, read.devices()))
        .map(
            c ->
                new ImportReport(
                    received,
                    c.inserted(),
                    c.updated(),
                    read.devices().size() - c.inserted() - c.updated(),
                    rejected));
  }

  @GET
  @Path("/{serial}")
  @RolesAllowed({
    Roles.DISPATCHER,
    Roles.ENGINEER,
    Roles.MANAGER,
    Roles.RELIABILITY,
    Roles.QUALITY,
    Roles.ADMIN,
    Roles.CUSTOMER
  })
  public Uni<DeviceFacts> get(@PathParam("serial") String serial) {
    Caller caller = callers.current();
    return store
        .find(pool, serial)
        .map(
            d ->
                d.filter(
                        f ->
                            !caller.isCustomerOnly()
                                || f.customerId().equals(caller.customerScope()))
                    .orElseThrow(() -> ProblemException.notFound("device " + serial)));
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
  public Uni<Page<DeviceFacts>> list(
      @QueryParam("site") String site,
      @QueryParam("batch") String batch,
      @QueryParam("firmware") String firmware,
      @QueryParam("model") String model,
      @QueryParam("customer") String customer,
      @QueryParam("region") String region,
      @QueryParam("deviceClass") String deviceClass,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @Context UriInfo uri) {
    int n = Cursor.limit(limit, config.paging().defaultLimit(), config.paging().maxLimit());
    String after = Cursor.decode(CURSOR_KIND, cursor);
    String customerId =
        callers.current().isCustomerOnly() ? callers.current().customerScope() : customer;
    var filter =
        new DeviceStore.DeviceFilter(
            site,
            batch,
            firmware,
            model,
            customerId,
            region,
            deviceClass == null ? null : deviceClass.toUpperCase());
    return store
        .list(pool, filter, after, n + 1)
        .map(rows -> Page.of(rows, n, CURSOR_KIND, DeviceFacts::serial, uri));
  }
}
