package dev.pdm.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCacheTest {

  private static final long ONE_SECOND = 1_000_000_000L;

  @TempDir Path dir;

  static DeviceFacts device(String serial, String batch) {
    return new DeviceFacts(
        serial,
        DeviceClass.INVERTER,
        "SUN-10K",
        "1.2.0",
        batch,
        "site-a",
        "Site A",
        "Zhejiang",
        "East",
        "Asia/Shanghai",
        "cust-1",
        "Customer One",
        CustomerTier.GOLD,
        LocalDate.of(2025, 1, 1),
        LocalDate.of(2030, 1, 1));
  }

  @Test
  void reloadsOnlyWhenTheFileChangedAndTheRefreshIntervalPassed() throws Exception {
    Path file = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(file, List.of(device("inv-1", "B1"), device("inv-2", "B1")));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    AtomicLong clock = new AtomicLong();
    RegistryCache cache = new RegistryCache(file, Duration.ofSeconds(30), clock::get);

    assertThat(cache.current().find("inv-1").batch()).isEqualTo("B1");
    assertThat(cache.current().batchPopulation("B1")).isEqualTo(2);

    DeviceRegistryFiles.writeCsv(file, List.of(device("inv-1", "B2"), device("inv-3", "B2")));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
    clock.addAndGet(10 * ONE_SECOND);
    assertThat(cache.current().find("inv-1").batch()).isEqualTo("B1");

    clock.addAndGet(30 * ONE_SECOND);
    assertThat(cache.current().find("inv-1").batch()).isEqualTo("B2");
    assertThat(cache.current().find("inv-2")).isNull();
    assertThat(cache.loads()).isEqualTo(2);

    clock.addAndGet(60 * ONE_SECOND);
    cache.current();
    assertThat(cache.loads()).isEqualTo(2);
  }

  @Test
  void missingFileGivesAnEmptyRegistryAndKeepsTheLastGoodOneLater() throws Exception {
    Path file = dir.resolve("registry.csv");
    AtomicLong clock = new AtomicLong();
    RegistryCache cache = new RegistryCache(file, Duration.ofSeconds(1), clock::get);
    assertThat(cache.current().size()).isZero();

    DeviceRegistryFiles.writeCsv(file, List.of(device("inv-1", "B1")));
    clock.addAndGet(2 * ONE_SECOND);
    assertThat(cache.current().size()).isEqualTo(1);

    Files.delete(file);
    clock.addAndGet(2 * ONE_SECOND);
    assertThat(cache.current().find("inv-1")).isNotNull();
  }
}
