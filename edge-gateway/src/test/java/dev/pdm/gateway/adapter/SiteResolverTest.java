package dev.pdm.gateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteResolverTest {

  @TempDir Path dir;

  private static DeviceFacts device(String serial, String site) {
    return new DeviceFacts(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "V1",
        "B2025-07",
        site,
        "Site " + site,
        "Jiangsu",
        "East",
        "Asia/Shanghai",
        "C-1",
        "Customer",
        CustomerTier.GOLD,
        LocalDate.parse("2025-01-01"),
        LocalDate.parse("2030-01-01"));
  }

  @Test
  void allSitesModeLooksEachSerialUpInTheRegistryFile() {
    Path csv = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(
        csv, List.of(device("INV-1", "site-a"), device("INV-2", "site-b")));
    SiteResolver resolver = SiteResolver.fromRegistry(csv);
    assertThat(resolver.siteOf("INV-1")).contains("site-a");
    assertThat(resolver.siteOf("INV-2")).contains("site-b");
    assertThat(resolver.siteOf("INV-3")).isEmpty();
  }

  @Test
  void aJsonRegistryWorksToo() {
    Path json = dir.resolve("registry.json");
    DeviceRegistryFiles.writeJson(json, List.of(device("INV-1", "site-a")));
    assertThat(SiteResolver.fromRegistry(json).siteOf("INV-1")).contains("site-a");
  }

  @Test
  void aSiteGatewayPutsEveryDeviceOnItsOwnSite() {
    assertThat(SiteResolver.fixed("site-9").siteOf("ANY")).contains("site-9");
  }
}
