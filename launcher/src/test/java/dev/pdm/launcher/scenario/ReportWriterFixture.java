package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;

/** A run report around a score, every other figure zero, for tests of the report text. */
final class ReportWriterFixture {

  private ReportWriterFixture() {}

  static RunReport report(Score score) {
    Instant start = Instant.parse("2025-06-02T00:00:00Z");
    return new RunReport(
        "test",
        1,
        42,
        start,
        "PT24H",
        1,
        "PT5M",
        "none",
        start,
        0,
        0,
        0,
        true,
        start,
        0,
        List.of(),
        score,
        new RunReport.AlarmCounts(
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0),
        new RunReport.Latency(0, null, null, null),
        new RunReport.Throughput(0, 0, null, 0),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
