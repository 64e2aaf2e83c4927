package dev.pdm.model.device;

import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireText;

import java.time.LocalDate;

/**
 * One row of the device registry: the facts about a device that the device itself does not send
 * (batch, site, customer, warranty). The simulators write the registry; the stream job enriches
 * events with batch from it; the ticket API imports it.
 */
public record DeviceFacts(
    String serial,
    DeviceClass deviceClass,
    String model,
    String firmware,
    String batch,
    String siteId,
    String siteName,
    String province,
    String region,
    String timezone,
    String customerId,
    String customerName,
    CustomerTier customerTier,
    LocalDate installDate,
    LocalDate warrantyEnd) {

  public DeviceFacts {
    requireIdentifier("serial", serial);
    require("deviceClass", deviceClass);
    requireText("model", model);
    requireText("firmware", firmware);
    requireIdentifier("batch", batch);
    requireIdentifier("siteId", siteId);
    requireText("siteName", siteName);
    requireText("province", province);
    requireText("region", region);
    requireText("timezone", timezone);
    requireIdentifier("customerId", customerId);
    requireText("customerName", customerName);
    require("customerTier", customerTier);
    require("installDate", installDate);
    require("warrantyEnd", warrantyEnd);
  }

  /** Whether the device is still under warranty on the given day. */
  public boolean underWarrantyOn(LocalDate day) {
    return !day.isAfter(warrantyEnd);
  }
}
