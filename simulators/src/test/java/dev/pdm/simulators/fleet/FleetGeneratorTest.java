package dev.pdm.simulators.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetGeneratorTest {

  static final LocalDate FIRST_DAY = LocalDate.of(2025, 6, 1);

  @TempDir Path dir;

  static FleetSpec spec(long seed, int inverters, int batteries, int chargers, int sites) {
    return new FleetSpec(seed, inverters, batteries, chargers, sites, 0, "", FIRST_DAY);
  }

  @Test
  void sameSeedWritesByteIdenticalRegistries() throws Exception {
    Fleet a = FleetGenerator.generate(spec(11, 300, 100, 100, 10));
    Fleet b = FleetGenerator.generate(spec(11, 300, 100, 100, 10));
    DeviceRegistryFiles.writeCsv(dir.resolve("a.csv"), a.registry());
    DeviceRegistryFiles.writeCsv(dir.resolve("b.csv"), b.registry());
    DeviceRegistryFiles.writeJson(dir.resolve("a.json"), a.registry());
    DeviceRegistryFiles.writeJson(dir.resolve("b.json"), b.registry());

    assertThat(Files.readAllBytes(dir.resolve("a.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b.csv")));
    assertThat(Files.readAllBytes(dir.resolve("a.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b.json")));
  }

  @Test
  void differentSeedGivesADifferentFleet() {
    Fleet a = FleetGenerator.generate(spec(11, 300, 100, 100, 10));
    Fleet b = FleetGenerator.generate(spec(12, 300, 100, 100, 10));
    assertThat(a.registry()).isNotEqualTo(b.registry());
  }

  @Test
  void registryRoundTripsThroughTheSharedReaderWithoutRejectedRows() {
    Fleet fleet = FleetGenerator.generate(spec(3, 120, 40, 40, 8));
    DeviceRegistryFiles.writeCsv(dir.resolve("r.csv"), fleet.registry());
    DeviceRegistryFiles.writeJson(dir.resolve("r.json"), fleet.registry());

    var csv = DeviceRegistryFiles.readCsv(dir.resolve("r.csv"));
    var json = DeviceRegistryFiles.readJson(dir.resolve("r.json"));

    assertThat(csv.rejected()).isEmpty();
    assertThat(json.rejected()).isEmpty();
    assertThat(csv.devices()).isEqualTo(fleet.registry());
    assertThat(json.devices()).isEqualTo(fleet.registry());
  }

  @Test
  void fleetHasTheRequestedCountsPerClassAndPlausibleFacts() {
    Fleet fleet = FleetGenerator.generate(spec(5, 90, 30, 20, 7));

    assertThat(fleet.of(DeviceClass.INVERTER)).hasSize(90);
    assertThat(fleet.of(DeviceClass.BMS)).hasSize(30);
    assertThat(fleet.of(DeviceClass.CHARGER)).hasSize(20);
    assertThat(fleet.sites()).hasSize(7);
    assertThat(fleet.sites()).allSatisfy(s -> assertThat(s.siteId()).matches("site-\\d{3}"));
    assertThat(fleet.registry().stream().map(DeviceFacts::serial).collect(Collectors.toSet()))
        .hasSize(140);
    for (DeviceFacts d : fleet.registry()) {
      assertThat(d.installDate()).isBefore(FIRST_DAY);
      assertThat(d.warrantyEnd()).isAfter(d.installDate());
      assertThat(d.timezone()).isEqualTo("Asia/Shanghai");
      assertThat(d.batch()).matches("B\\d{4}-\\d{2}-(INV|BMS|CHG)-[A-C]");
      assertThat(
              ModelSpec.of(d.deviceClass()).stream()
                  .anyMatch(
                      m -> m.model().equals(d.model()) && m.firmwares().contains(d.firmware())))
          .isTrue();
    }
  }

  @Test
  void atScaleEveryModelComesInSeveralBatchesOfAFewHundred() {
    Fleet fleet = FleetGenerator.generate(spec(9, 6000, 2000, 2000, 100));

    Map<String, Set<String>> batchesPerModel =
        fleet.registry().stream()
            .collect(
                Collectors.groupingBy(
                    DeviceFacts::model,
                    Collectors.mapping(DeviceFacts::batch, Collectors.toSet())));
    assertThat(batchesPerModel).hasSize(ModelSpec.CATALOGUE.size());
    assertThat(batchesPerModel.values()).allSatisfy(b -> assertThat(b.size()).isGreaterThan(1));
    Map<String, Long> sizes =
        fleet.registry().stream()
            .collect(Collectors.groupingBy(DeviceFacts::batch, Collectors.counting()));
    assertThat(sizes.values()).allSatisfy(n -> assertThat(n).isBetween(100L, 300L));
  }
}
