package dev.pdm.rules.decision;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The device as the rules see it: registry facts plus whether the warranty is active at the
 * request's instant (in the site's time zone, the day the customer sees on the contract).
 *
 * @param registered false when the registry does not know the serial; tier is STANDARD then
 */
public record DeviceFact(
    String serial,
    DeviceClass deviceClass,
    String model,
    String firmware,
    String batch,
    String siteId,
    String region,
    String customerId,
    CustomerTier customerTier,
    LocalDate warrantyEnd,
    boolean warrantyActive,
    boolean registered) {

  public static DeviceFact of(DeviceFacts d, Instant now) {
    LocalDate today = now.atZone(zone(d.timezone())).toLocalDate();
    return new DeviceFact(
        d.serial(),
        d.deviceClass(),
        d.model(),
        d.firmware(),
        d.batch(),
        d.siteId(),
        d.region(),
        d.customerId(),
        d.customerTier(),
        d.warrantyEnd(),
        d.underWarrantyOn(today),
        true);
  }

  /** A device the registry does not know: no customer, no warranty, lowest tier. */
  public static DeviceFact unregistered(
      String serial, DeviceClass deviceClass, String model, String firmware, String batch) {
    return new DeviceFact(
        serial,
        deviceClass,
        model,
        firmware,
        batch,
        null,
        null,
        null,
        CustomerTier.STANDARD,
        null,
        false,
        false);
  }

  private static ZoneId zone(String timezone) {
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
