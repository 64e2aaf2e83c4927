package dev.pdm.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeviceFactTest {

  private static DeviceFacts shanghaiDeviceWithWarrantyUntil(LocalDate end) {
    return new DeviceFacts(
        "INV-0001",
        DeviceClass.INVERTER,
        "SUN-100K",
        "V1.2.0",
        "B2025-07",
        "site-hz-01",
        "Hangzhou Solar Park",
        "Zhejiang",
        "East China",
        "Asia/Shanghai",
        "cust-7",
        "Zhejiang Green Power",
        CustomerTier.SILVER,
        LocalDate.parse("2023-05-01"),
        end);
  }

  @Test
  void warrantyIsActiveThroughItsLastDayInTheSitesTimeZone() {
    DeviceFacts device = shanghaiDeviceWithWarrantyUntil(LocalDate.parse("2026-03-01"));

    // 2026-03-01T15:30Z is 23:30 on the last day in Shanghai
    assertThat(DeviceFact.of(device, Instant.parse("2026-03-01T15:30:00Z")).warrantyActive())
        .isTrue();
    // 2026-03-01T16:30Z is already the next day in Shanghai, though still March 1st in UTC
    assertThat(DeviceFact.of(device, Instant.parse("2026-03-01T16:30:00Z")).warrantyActive())
        .isFalse();
  }

  @Test
  void unregisteredDeviceHasStandardTierAndNoWarranty() {
    DeviceFact d = DeviceFact.unregistered("X-1", DeviceClass.CHARGER, "AC-22", "1.0", null);

    assertThat(d.registered()).isFalse();
    assertThat(d.customerTier()).isEqualTo(CustomerTier.STANDARD);
    assertThat(d.warrantyActive()).isFalse();
  }
}
