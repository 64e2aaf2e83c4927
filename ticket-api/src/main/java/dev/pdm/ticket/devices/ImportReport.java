package dev.pdm.ticket.devices;

import java.util.List;

/** The outcome of a registry import. */
public record ImportReport(
    int received, int imported, int updated, int unchanged, List<Rejected> rejected) {

  /** A row that was not imported: line (CSV, 1-based) or index (JSON, 0-based), and why. */
  public record Rejected(long line, String reason) {}
}
