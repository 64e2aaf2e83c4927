package dev.pdm.gateway.metrics;

/**
 * The gateway's metrics at one moment.
 *
 * @param alarmsDeferred alarm appends refused because the disk budget was full of alarms; each is
 *     retried, never dropped
 * @param truncatedBytes torn bytes cut off the queue when it was opened after a crash
 */
public record MetricsSnapshot(
    long receivedAlarmFrames,
    long receivedTelemetry,
    long rateLimitedAlarmFrames,
    long rateLimitedTelemetry,
    long invalid,
    long undefinedBits,
    long staleFrames,
    long enqueuedAlarms,
    long enqueuedTelemetry,
    long publishedAlarms,
    long publishedTelemetry,
    long publishFailures,
    long droppedTelemetry,
    long alarmsDeferred,
    long truncatedBytes,
    long queuedAlarms,
    long queuedTelemetry,
    long queueBytes,
    long queueMaxBytes,
    double oldestQueuedAgeSeconds,
    boolean siteConnected,
    boolean centralConnected) {

  public long queueDepth() {
    return queuedAlarms + queuedTelemetry;
  }
}
