package dev.pdm.stream.sink;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where and how telemetry is written through the InfluxDB v2 write API ({@code /api/v2/write}): an
 * InfluxDB 2 or 3, or QuestDB, which accepts the same protocol and ignores token and org.
 *
 * @param batchSize points buffered per writer before a write; also the bound of the buffer
 * @param maxRetries attempts after the first before the task fails (and Flink replays)
 * @param initialBackoffMs first pause between attempts, doubled each time up to ten seconds
 */
public record TimeSeriesSettings(
    String url,
    String token,
    String org,
    String bucket,
    int batchSize,
    int maxRetries,
    long initialBackoffMs)
    implements Serializable {

  public static final String MEASUREMENT = "device_metrics";

  public TimeSeriesSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(bucket, "bucket");
    token = token == null ? "" : token;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    if (maxRetries < 0 || initialBackoffMs < 0) {
      throw new IllegalArgumentException("maxRetries and initialBackoffMs must be >= 0");
    }
  }

  public static TimeSeriesSettings of(String url, String token, String org, String bucket) {
    return new TimeSeriesSettings(url, token, org, bucket, 1000, 5, 200);
  }

  @Override
  public String toString() {
    return "TimeSeriesSettings[url="
        + url
        + ", org="
        + org
        + ", bucket="
        + bucket
        + ", batchSize="
        + batchSize
        + ", maxRetries="
        + maxRetries
        + "]";
  }
}
