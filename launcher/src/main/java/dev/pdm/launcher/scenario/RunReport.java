package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;

/** Everything a scenario run found, written as report.json and report.md. */
public record RunReport(
    String scenario,
    int devices,
    long seed,
    Instant simStart,
    String simDuration,
    double speed,
    String telemetryPeriod,
    String killPlan,
    Instant wallStart,
    double wallSeconds,
    double simulationWallSeconds,
    double settleSeconds,
    boolean settled,
    Instant simulatedUpTo,
    long simulatorMaxLagMillis,
    List<KillEvent> kills,
    Score score,
    AlarmCounts alarms,
    Latency alarmToTicket,
    Throughput throughput,
    List<PartUsage.Usage> usage,
    List<PartUsage.ThreadUsage> busiestThreads,
    List<PipelineTrace.Row> trace,
    List<String> problems) {

  /**
   * One kill and restart the harness performed.
   *
   * @param detail how the part was taken down (e.g. SIGKILL and the exit status) and what the
   *     restarted part found
   */
  public record KillEvent(
      String part, Instant atSimulated, double downSeconds, double restartSeconds, String detail) {}

  /**
   * Alarms counted from the source to the store.
   *
   * @param simulatorTransitions alarm state changes the simulator published (one canonical alarm
   *     event each)
   * @param brokerFrames distinct alarm frames (serial, seq) seen on the device topics
   * @param centralAlarms distinct canonical alarm events (eventId) seen on the central topics
   * @param centralMessages central alarm messages including redeliveries
   * @param lost per device, events the simulator published that never reached the central broker
   * @param lostSerials devices with such a shortfall (at most 20 listed)
   * @param publishedIncidentVersions incident versions the stream job published
   * @param inboxRows incident and batch-signal versions the ticket API decided and stored
   */
  public record AlarmCounts(
      long simulatorFrames,
      long simulatorFramesAcknowledged,
      long simulatorTransitions,
      long simulatorResent,
      long brokerFrames,
      long gatewayReceivedFrames,
      long gatewayRateLimitedFrames,
      long gatewayPublishedAlarms,
      long centralAlarms,
      long centralMessages,
      long lost,
      List<String> lostSerials,
      long publishedIncidentVersions,
      long publishedBatchSignalVersions,
      long inboxRows,
      long incidents,
      long telemetryPublished,
      long telemetryDroppedBySimulator,
      long telemetryDroppedByGateway,
      long telemetryStored) {}

  /** Wall seconds from an alarm frame reaching the broker to the commit of its ticket. */
  public record Latency(int tickets, Double p50, Double p99, Double max) {}

  /**
   * Messages per wall second while the simulation ran.
   *
   * @param simulatorPerSecond messages the simulator handed to the broker
   * @param gatewayUpstreamPerSecond canonical events the gateway published to the central broker
   * @param storedTelemetryPerSecond telemetry rows that reached the time-series store
   */
  public record Throughput(
      double simulatorPerSecond,
      double gatewayUpstreamPerSecond,
      Double storedTelemetryPerSecond,
      long gatewayQueueDepthAtEnd) {}
}
