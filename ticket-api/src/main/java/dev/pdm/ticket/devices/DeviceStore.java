package dev.pdm.ticket.devices;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Plain SQL for the device registry. */
@ApplicationScoped
public class DeviceStore {

  /** Rows inserted and rows changed by an upsert; the rest were unchanged. */
  public record UpsertCounts(int inserted, int updated) {}

  /**
   * Upserts all devices in one statement. Rows whose facts did not change are not touched (the
   * WHERE of DO UPDATE), so they return nothing and count as unchanged.
   */
  public Uni<UpsertCounts> upsert(SqlClient db, List<DeviceFacts> devices) {
    if (devices.isEmpty()) {
      return Uni.createFrom().item(new UpsertCounts(0, 0));
    }
    Tuple p =
        Tuple.from(
            List.of(
                col(devices, DeviceFacts::serial),
                col(devices, d -> d.deviceClass().name()),
                col(devices, DeviceFacts::model),
                col(devices, DeviceFacts::firmware),
                col(devices, DeviceFacts::batch),
                col(devices, DeviceFacts::siteId),
                col(devices, DeviceFacts::siteName),
                col(devices, DeviceFacts::province),
                col(devices, DeviceFacts::region),
                col(devices, DeviceFacts::timezone),
                col(devices, DeviceFacts::customerId),
                col(devices, DeviceFacts::customerName),
                col(devices, d -> d.customerTier().name()),
                devices.stream().map(DeviceFacts::installDate).toArray(LocalDate[]::new),
                devices.stream().map(DeviceFacts::warrantyEnd).toArray(LocalDate[]::new)));
    return db.preparedQuery(
            """
            INSERT INTO device (serial, device_class, model, firmware, batch, site_id, site_name,
              province, region, timezone, customer_id, customer_name, customer_tier, install_date,
              warranty_end)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
              $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
              $12::text[], $13::text[], $14::date[], $15::date[])
            ON CONFLICT (serial) DO UPDATE SET device_class = EXCLUDED.device_class,
              model = EXCLUDED.model, firmware = EXCLUDED.firmware, batch = EXCLUDED.batch,
              site_id = EXCLUDED.site_id, site_name = EXCLUDED.site_name,
              province = EXCLUDED.province, region = EXCLUDED.region,
              timezone = EXCLUDED.timezone, customer_id = EXCLUDED.customer_id,
              customer_name = EXCLUDED.customer_name, customer_tier = EXCLUDED.customer_tier,
              install_date = EXCLUDED.install_date, warranty_end = EXCLUDED.warranty_end,
              updated_at = now()
            WHERE (device.device_class, device.model, device.firmware, device.batch,
                   device.site_id, device.site_name, device.province, device.region,
                   device.timezone, device.customer_id, device.customer_name,
                   device.customer_tier, device.install_date, device.warranty_end)
              IS DISTINCT FROM
                  (EXCLUDED.device_class, EXCLUDED.model, EXCLUDED.firmware, EXCLUDED.batch,
                   EXCLUDED.site_id, EXCLUDED.site_name, EXCLUDED.province, EXCLUDED.region,
                   EXCLUDED.timezone, EXCLUDED.customer_id, EXCLUDED.customer_name,
                   EXCLUDED.customer_tier, EXCLUDED.install_date, EXCLUDED.warranty_end)
            RETURNING (xmax = 0) AS inserted
            """)
        .execute(p)
        .map(
            rows -> {
              int inserted = 0;
              int updated = 0;
              for (Row r : rows) {
                if (r.getBoolean(0)) {
                  inserted++;
                } else {
                  updated++;
                }
              }
              return new UpsertCounts(inserted, updated);
            });
  }

  public Uni<Optional<DeviceFacts>> find(SqlClient db, String serial) {
    return db.preparedQuery("SELECT * FROM device WHERE serial = $1")
        .execute(Tuple.of(serial))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(facts(rows.iterator().next())));
  }

  /** A page ordered by serial; {@code afterSerial} is the last serial of the previous page. */
  public Uni<List<DeviceFacts>> list(SqlClient db, DeviceFilter f, String afterSerial, int limit) {
    Map<String, String> eq = new LinkedHashMap<>();
    eq.put("site_id", f.siteId());
    eq.put("batch", f.batch());
    eq.put("firmware", f.firmware());
    eq.put("model", f.model());
    eq.put("customer_id", f.customerId());
    eq.put("region", f.region());
    eq.put("device_class", f.deviceClass());
    StringBuilder sql = new StringBuilder("SELECT * FROM device WHERE true");
    List<Object> p = new ArrayList<>();
    eq.forEach(
        (c, v) -> {
          if (v != null) {
            p.add(v);
            sql.append(" AND ").append(c).append(" = $").append(p.size());
          }
        });
    if (afterSerial != null) {
      p.add(afterSerial);
      sql.append(" AND serial > $").append(p.size());
    }
    p.add(limit);
    sql.append(" ORDER BY serial LIMIT $").append(p.size());
    return db.preparedQuery(sql.toString())
        .execute(Tuple.from(p))
        .map(
            rows -> {
              List<DeviceFacts> out = new ArrayList<>();
              rows.forEach(r -> out.add(facts(r)));
              return out;
            });
  }

  private static String[] col(List<DeviceFacts> devices, Function<DeviceFacts, String> f) {
    return devices.stream().map(f).toArray(String[]::new);
  }

  static DeviceFacts facts(Row r) {
    return new DeviceFacts(
        r.getString("serial"),
        DeviceClass.valueOf(r.getString("device_class")),
        r.getString("model"),
        r.getString("firmware"),
        r.getString("batch"),
        r.getString("site_id"),
        r.getString("site_name"),
        r.getString("province"),
        r.getString("region"),
        r.getString("timezone"),
        r.getString("customer_id"),
        r.getString("customer_name"),
        CustomerTier.valueOf(r.getString("customer_tier")),
        r.getLocalDate("install_date"),
        r.getLocalDate("warranty_end"));
  }

  /** Device list filters; null means any. */
  public record DeviceFilter(
      String siteId,
      String batch,
      String firmware,
      String model,
      String customerId,
      String region,
      String deviceClass) {}
}
