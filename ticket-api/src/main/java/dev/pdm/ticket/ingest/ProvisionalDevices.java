package dev.pdm.ticket.ingest;

import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.incident.Incident;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.devices.DeviceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * Devices that raise alarms before the registry import knows them. Nothing from a real device may
 * be lost, so such a device is registered from the facts its incident carries (serial, class,
 * model, firmware, batch, site), marked as not imported; the first registry import of its serial
 * replaces those facts and clears the mark ({@code V53__provisional_devices.sql}).
 *
 * <p>What a provisional row cannot know is filled conservatively: the site's name, province, region
 * and time zone from a registered device of the same site (else {@code unknown} and the default SLA
 * zone), no customer ({@value #NO_CUSTOMER}), the STANDARD tier and no warranty (it ends the day
 * before the incident), so a provisional device never gets a contract's better targets or a
 * warranty RMA it may not have.
 */
@ApplicationScoped
public class ProvisionalDevices {

  /** The customer id of a device not yet imported. */
  public static final String NO_CUSTOMER = "unregistered";

  /** The registry's verdict on a serial. */
  public record Known(Optional<DeviceFacts> imported, boolean registeredNow) {}

  private final DeviceStore devices;
  private final String defaultZone;

  public ProvisionalDevices(DeviceStore devices, TicketApiConfig config) {
    this.devices = devices;
    this.defaultZone = config.sla().defaultZone().getId();
  }

  /**
   * The imported registry row of the incident's device; empty for a device only known
   * provisionally, which is registered from the incident now if the registry has never seen it.
   */
  public Uni<Known> lookup(SqlClient db, Incident incident) {
    return db.preparedQuery("SELECT imported FROM device WHERE serial = $1")
        .execute(Tuple.of(incident.serial()))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                return register(db, incident)
                    .map(inserted -> new Known(Optional.empty(), inserted));
              }
              if (!rows.iterator().next().getBoolean(0)) {
                return Uni.createFrom().item(new Known(Optional.empty(), false));
              }
              return devices.find(db, incident.serial()).map(d -> new Known(d, false));
            });
  }

  /** The imported registry row of a serial; empty when unknown or only known provisionally. */
  public Uni<Optional<DeviceFacts>> imported(SqlClient db, String serial) {
    return db.preparedQuery("SELECT imported FROM device WHERE serial = $1")
        .execute(Tuple.of(serial))
        .chain(
            rows ->
                rows.size() == 1 && rows.iterator().next().getBoolean(0)
                    ? devices.find(db, serial)
                    : Uni.createFrom().item(Optional.<DeviceFacts>empty()));
  }

  /** Inserts the provisional row; false when another transaction registered it first. */
  Uni<Boolean> register(SqlClient db, Incident i) {
    LocalDate seen = i.firstSeen().atOffset(ZoneOffset.UTC).toLocalDate();
    return db.preparedQuery(
            """
            INSERT INTO device (serial, device_class, model, firmware, batch, site_id, site_name,
              province, region, timezone, customer_id, customer_name, customer_tier,
              install_date, warranty_end, imported)
            SELECT $1, $2, $3, $4, $5, $6, coalesce(s.site_name, $6),
              coalesce(s.province, 'unknown'), coalesce(s.region, 'unknown'),
              coalesce(s.timezone, $7), $8, 'not yet imported', 'STANDARD', $9, $10, false
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (
              SELECT site_name, province, region, timezone FROM device
              WHERE site_id = $6 AND imported ORDER BY serial LIMIT 1) AS s ON true
            ON CONFLICT (serial) DO NOTHING
            """)
        .execute(
            Tuple.from(
                Arrays.asList(
                    i.serial(),
                    i.deviceClass().name(),
                    i.model(),
                    i.firmware(),
                    i.batch() == null ? "unknown" : i.batch(),
                    i.site(),
                    defaultZone,
                    NO_CUSTOMER,
                    seen,
                    seen.minusDays(1))))
        .map(rows -> rows.rowCount() == 1);
  }
}
