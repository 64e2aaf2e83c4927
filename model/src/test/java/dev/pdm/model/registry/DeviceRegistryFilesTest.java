package dev.pdm.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryFilesTest {

  static DeviceFacts device(String serial) {
    return new DeviceFacts(
        serial,
        DeviceClass.CHARGER,
        "AC-22",
        "4.1.0",
        "B2025-11-A",
        "site-001",
        "Hangzhou West, \"Park\" 2",
        "Zhejiang",
        "East",
        "Asia/Shanghai",
        "cust-01",
        "Green Fleet Ltd",
        CustomerTier.GOLD,
        LocalDate.parse("2025-03-01"),
        LocalDate.parse("2030-03-01"));
  }

  @Test
  void csvRoundTripsIncludingQuotedText(@TempDir Path dir) {
    Path file = dir.resolve("devices.csv");
    List<DeviceFacts> devices = List.of(device("CHG-1"), device("CHG-2"));
    DeviceRegistryFiles.writeCsv(file, devices);
    var read = DeviceRegistryFiles.readCsv(file);
    assertThat(read.rejected()).isEmpty();
    assertThat(read.devices()).isEqualTo(devices);
  }

  @Test
  void jsonRoundTrips(@TempDir Path dir) {
    Path file = dir.resolve("devices.json");
    List<DeviceFacts> devices = List.of(device("CHG-1"), device("CHG-2"));
    DeviceRegistryFiles.writeJson(file, devices);
    assertThat(DeviceRegistryFiles.read(file).devices()).isEqualTo(devices);
  }

  @Test
  void badRowsAreReportedWithLineAndReasonWhileGoodRowsAreKept(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("devices.csv");
    DeviceRegistryFiles.writeCsv(file, List.of(device("CHG-1")));
    String good = Files.readAllLines(file).get(1);
    Files.writeString(
        file,
        String.join(",", DeviceRegistryFiles.COLUMNS)
            + "\n"
            + good
            + "\n"
            + good.replace("CHG-1", "CHG-2").replace("GOLD", "DIAMOND")
            + "\n"
            + good
            + "\n"
            + "CHG-3,CHARGER\n");
    var read = DeviceRegistryFiles.readCsv(file);
    assertThat(read.devices()).extracting(DeviceFacts::serial).containsExactly("CHG-1");
    assertThat(read.rejected())
        .extracting(DeviceRegistryFiles.RejectedRow::position)
        .containsExactly(3L, 4L, 5L);
    assertThat(read.rejected().get(0).reason()).contains("customer_tier");
    assertThat(read.rejected().get(1).reason()).contains("appears twice");
    assertThat(read.rejected().get(2).reason()).contains("has 2 fields");
  }
}
