package dev.pdm.launcher.scenario;

import dev.pdm.launcher.timeseries.LocalQuestDb;
import dev.pdm.stream.sink.TimeSeriesSettings;

/** Telemetry rows in the time-series store, through QuestDB's SQL endpoint. */
final class QuestDbCount {

  private QuestDbCount() {}

  /** Rows of the telemetry table, 0 before it exists, -1 when the store cannot be asked. */
  static long rows(String questDbUrl) {
    try {
      return LocalQuestDb.firstNumber(
          questDbUrl, "select count() from " + TimeSeriesSettings.MEASUREMENT);
    } catch (IllegalStateException noTableYet) {
      return 0;
    } catch (RuntimeException unreachable) {
      return -1;
    }
  }
}
