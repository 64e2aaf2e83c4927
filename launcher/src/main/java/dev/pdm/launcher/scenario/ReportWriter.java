package dev.pdm.launcher.scenario;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pdm.launcher.scenario.Score.FaultScore;
import dev.pdm.launcher.scenario.Score.KindSummary;
import dev.pdm.model.codec.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** report.json (everything) and report.md (what a reader wants first) of a scenario run. */
final class ReportWriter {

  private ReportWriter() {}

  static void write(Path dir, RunReport report) {
    try {
      Files.writeString(
          dir.resolve("report.json"),
          EventCodec.mapper()
              .copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(report));
      Files.writeString(dir.resolve("report.md"), markdown(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(RunReport r) {
    StringBuilder md = new StringBuilder();
    Score s = r.score();
    md.append("# Scenario run: ").append(r.scenario()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d devices, seed %d, %s simulated from %s at %.0fx (telemetry every %s), kills: %s.%n"
                + "Wall time %.0f s (simulation %.0f s, settling %.0f s%s); simulated up to %s;"
                + " worst simulator lag %d ms.%n%n",
            r.devices(),
            r.seed(),
            r.simDuration(),
            r.simStart(),
            r.speed(),
            r.telemetryPeriod(),
            r.killPlan(),
            r.wallSeconds(),
            r.simulationWallSeconds(),
            r.settleSeconds(),
            r.settled() ? "" : ", NOT settled",
            r.simulatedUpTo(),
            r.simulatorMaxLagMillis()));
    md.append(
        String.format(
            Locale.ROOT,
            "**Tickets %d, missed faults %d, detected on the device's open ticket %d, duplicate"
                + " tickets %d, false tickets %d, lost alarms %d.**%n%n",
            s.tickets(),
            s.missedFaults(),
            s.detectedOnOpenTicket(),
            s.duplicateTickets(),
            s.falseTickets().size(),
            r.alarms().lost()));
    md.append(
        "| fault kind | faults | judged | detected / quiet as expected | on the device's open"
            + " ticket | missed or wrongly ticketed | duplicates | median s to ticket | max s to"
            + " ticket | min predictive lead (h) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (KindSummary k : s.byKind()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %d | %s | %s | %s |%n",
              k.kind(),
              k.faults(),
              k.judged(),
              k.detected(),
              k.onOpenTicket(),
              k.missed(),
              k.duplicates(),
              num(k.medianSecondsToTicket()),
              num(k.maxSecondsToTicket()),
              num(k.minLeadTimeHours())));
    }
    md.append("\n");
    s.faults().stream()
        .filter(f -> f.failuresAtBatchTicket() != null || f.kind().equals("DEFECTIVE_BATCH"))
        .forEach(
            f ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "Batch %s: %s; the batch-problem ticket opened when the signal counted %s"
                            + " failed devices (%s of the batch's planned failures had alarmed by"
                            + " then); tickets %s.%n%n",
                        f.batch(),
                        f.verdict(),
                        f.failuresAtBatchTicket(),
                        f.groundTruthFailuresBefore(),
                        f.tickets())));
    RunReport.AlarmCounts a = r.alarms();
    md.append("Alarms from source to store:\n\n");
    md.append("| stage | count |\n|---|---|\n");
    row(
        md,
        "simulator: alarm frames published / acknowledged by the broker",
        a.simulatorFrames() + " / " + a.simulatorFramesAcknowledged());
    row(md, "simulator: alarm transitions (canonical events expected)", a.simulatorTransitions());
    row(md, "broker, device topics: distinct alarm frames", a.brokerFrames());
    row(
        md,
        "gateway: alarm frames received (rate-limited)",
        a.gatewayReceivedFrames() + " (" + a.gatewayRateLimitedFrames() + ")");
    row(md, "gateway: alarm events published upstream", a.gatewayPublishedAlarms());
    row(
        md,
        "central broker: distinct alarm events (messages incl. redeliveries)",
        a.centralAlarms() + " (" + a.centralMessages() + ")");
    row(md, "lost between simulator and central broker", a.lost() + " " + a.lostSerials());
    row(
        md,
        "stream job: incident / batch-signal versions published",
        a.publishedIncidentVersions() + " / " + a.publishedBatchSignalVersions());
    row(md, "ticket API inbox: incident/signal versions decided", a.inboxRows());
    row(md, "ticket API inbox: distinct incidents and signals", a.incidents());
    row(
        md,
        "telemetry published / dropped by simulator / dropped by gateway",
        a.telemetryPublished()
            + " / "
            + a.telemetryDroppedBySimulator()
            + " / "
            + a.telemetryDroppedByGateway());
    row(md, "telemetry rows in the time-series store", a.telemetryStored());
    md.append("\n");
    RunReport.Latency l = r.alarmToTicket();
    md.append(
        String.format(
            Locale.ROOT,
            "Alarm frame at the broker to ticket committed (wall): %d tickets, p50 %s s, p99 %s s,"
                + " max %s s.%n%n",
            l.tickets(),
            num(l.p50()),
            num(l.p99()),
            num(l.max())));
    if (!r.kills().isEmpty()) {
      md.append(
          "Kills:\n\n| part | at (simulated) | down (s) | restart (s) | how |\n"
              + "|---|---|---|---|---|\n");
      r.kills()
          .forEach(
              k ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %s | %.1f | %.1f | %s |%n",
                          k.part(),
                          k.atSimulated(),
                          k.downSeconds(),
                          k.restartSeconds(),
                          k.detail())));
      md.append("\n");
    }
    if (!r.usage().isEmpty()) {
      RunReport.Throughput t = r.throughput();
      md.append(
          String.format(
              Locale.ROOT,
              "Throughput while simulating: simulator %.0f msg/s, gateway upstream %.0f msg/s,"
                  + " telemetry stored %s rows/s, gateway queue at the end %d.%n%n",
              t.simulatorPerSecond(),
              t.gatewayUpstreamPerSecond(),
              num(t.storedTelemetryPerSecond()),
              t.gatewayQueueDepthAtEnd()));
      md.append("| part | CPU s | cores | memory |\n|---|---|---|---|\n");
      r.usage()
          .forEach(
              u ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %.1f | %.2f | %s |%n",
                          u.part(),
                          u.cpuSeconds(),
                          u.cores(),
                          u.memory())));
      md.append("\n");
    }
    if (!r.busiestThreads().isEmpty()) {
      md.append("Busiest threads while simulating (part: thread):\n\n");
      md.append("| thread | CPU s | cores |\n|---|---|---|\n");
      r.busiestThreads()
          .forEach(
              u ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %.1f | %.2f |%n",
                          u.thread(),
                          u.cpuSeconds(),
                          u.cores())));
      md.append("\n");
    }
    if (!r.trace().isEmpty()) {
      md.append(
          "Pipeline over time (rates per interval; a backlog that grows from row to row is a part"
              + " not keeping up):\n\n");
      md.append(
          "| wall s | phase | simulator msg/s | gateway upstream msg/s | stored rows/s |"
              + " simulator behind s | gateway queue | telemetry not yet stored |\n"
              + "|---|---|---|---|---|---|---|---|\n");
      r.trace()
          .forEach(
              t ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %.0f | %s | %.0f | %.0f | %s | %.1f | %d | %s |%n",
                          t.seconds(),
                          t.simulating() ? "simulating" : "settling",
                          t.simulatorPerSecond(),
                          t.gatewayPerSecond(),
                          t.storedPerSecond() == null
                              ? "-"
                              : String.format(Locale.ROOT, "%.0f", t.storedPerSecond()),
                          t.simulatorBehindSeconds(),
                          t.gatewayQueue(),
                          t.notStored() == null ? "-" : t.notStored().toString())));
      md.append("\n");
    }
    if (!s.falseTickets().isEmpty()) {
      md.append("False tickets:\n\n");
      s.falseTickets()
          .forEach(
              f ->
                  md.append("- #")
                      .append(f.id())
                      .append(' ')
                      .append(f.type())
                      .append(": ")
                      .append(f.why())
                      .append('\n'));
      md.append("\n");
    }
    md.append("Faults not detected as expected:\n\n");
    boolean any = false;
    for (FaultScore f : s.faults()) {
      if (f.verdict() == Score.Verdict.MISSED
          || f.verdict() == Score.Verdict.WRONGLY_TICKETED
          || f.duplicates() > 0) {
        any = true;
        md.append(
            String.format(
                Locale.ROOT,
                "- %s %s %s: %s, tickets %s, duplicates %d, %s%n",
                f.faultId(),
                f.kind(),
                f.serials().size() == 1 ? f.serials().get(0) : f.serials().size() + " devices",
                f.verdict(),
                f.tickets(),
                f.duplicates(),
                f.note()));
      }
    }
    if (!any) {
      md.append("- none\n");
    }
    md.append("\n");
    if (s.detectedOnOpenTicket() > 0) {
      md.append("Faults detected on the device's open ticket (no ticket of their own):\n\n");
      for (FaultScore f : s.faults()) {
        if (f.verdict() == Score.Verdict.DETECTED_ON_OPEN_TICKET) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "- %s %s %s: %s%n",
                  f.faultId(),
                  f.kind(),
                  f.serials().size() == 1 ? f.serials().get(0) : f.serials().size() + " devices",
                  f.note()));
        }
      }
      md.append("\n");
    }
    if (!r.problems().isEmpty()) {
      md.append("Problems:\n\n");
      r.problems().forEach(p -> md.append("- ").append(p).append('\n'));
      md.append("\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String stage, Object value) {
    md.append("| ").append(stage).append(" | ").append(value).append(" |\n");
  }

  private static String num(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
  }
}
