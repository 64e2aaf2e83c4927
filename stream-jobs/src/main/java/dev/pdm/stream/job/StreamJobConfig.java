package dev.pdm.stream.job;

import dev.pdm.stream.mqtt.MqttSettings;
import dev.pdm.stream.sink.TimeSeriesSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the job is configured by, parsed once from {@code --key value} (or {@code
 * --key=value}) arguments. Unknown keys are errors, so a typo is not silently ignored.
 */
public record StreamJobConfig(
    String mqttUrl,
    String mqttUsername,
    String mqttPassword,
    String mqttClientPrefix,
    int mqttReceiveMaximum,
    String mqttSharedGroup,
    int mqttReaders,
    long mqttSessionExpirySeconds,
    String influxUrl,
    String influxToken,
    String influxOrg,
    String influxBucket,
    int influxBatchSize,
    String registryPath,
    long checkpointIntervalMs,
    String checkpointDir,
    int parallelism,
    long watermarkOutOfOrdernessMs,
    long watermarkIdlenessMs)
    implements Serializable {

  /** Every key with its default; null means required or unset. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("mqtt.url", "tcp://127.0.0.1:1883");
    d.put("mqtt.username", null);
    d.put("mqtt.password", null);
    d.put("mqtt.client-prefix", "pdm-stream");
    d.put("mqtt.receive-maximum", "1000");
    d.put("mqtt.shared-group", "pdm-stream");
    d.put("mqtt.readers", "0");
    d.put("mqtt.session-expiry-s", String.valueOf(MqttSettings.ONE_DAY_SECONDS));
    d.put("influx.url", "http://127.0.0.1:9000");
    d.put("influx.token", "");
    d.put("influx.org", "pdm");
    d.put("influx.bucket", "pdm");
    d.put("influx.batch-size", "1000");
    d.put("registry.path", null);
    d.put("checkpoint.interval-ms", "5000");
    d.put("checkpoint.dir", null);
    d.put("parallelism", "2");
    d.put("watermark.out-of-orderness-ms", "30000");
    d.put("watermark.idleness-ms", "60000");
    return java.util.Collections.unmodifiableMap(d);
  }

  public StreamJobConfig {
    if (registryPath == null || registryPath.isBlank()) {
      throw new IllegalArgumentException("--registry.path is required");
    }
    positive("mqtt.receive-maximum", mqttReceiveMaximum);
    positive("influx.batch-size", influxBatchSize);
    positive("checkpoint.interval-ms", checkpointIntervalMs);
    positive("parallelism", parallelism);
    if (mqttReaders < 0) {
      throw new IllegalArgumentException("--mqtt.readers must be >= 0 but was " + mqttReaders);
    }
    positive("watermark.idleness-ms", watermarkIdlenessMs);
    if (watermarkOutOfOrdernessMs < 0) {
      throw new IllegalArgumentException("--watermark.out-of-orderness-ms must be >= 0");
    }
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + key + " must be >= 1 but was " + value);
    }
  }

  /**
   * Secrets the job reads from the environment when no argument gives them: Flink shows job
   * arguments in plain text in its UI and in the deployment resource.
   */
  public static final Map<String, String> SECRET_ENV =
      Map.of("mqtt.password", "PDM_MQTT_PASSWORD", "influx.token", "PDM_INFLUX_TOKEN");

  /** Parses {@code --key value} / {@code --key=value} pairs over {@link #DEFAULTS}. */
  public static StreamJobConfig parse(String... args) {
    return parse(System.getenv(), args);
  }

  /** As {@link #parse(String...)}, with secrets taken from {@code environment}. */
  public static StreamJobConfig parse(Map<String, String> environment, String... args) {
    Map<String, String> v = new HashMap<>(DEFAULTS);
    SECRET_ENV.forEach(
        (key, variable) -> {
          String secret = environment.get(variable);
          if (secret != null && !secret.isEmpty()) {
            v.put(key, secret);
          }
        });
    Set<String> known = DEFAULTS.keySet();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected --key but got '" + arg + "'");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
      }
      v.put(key, value);
    }
    return new StreamJobConfig(
        v.get("mqtt.url"),
        v.get("mqtt.username"),
        v.get("mqtt.password"),
        v.get("mqtt.client-prefix"),
        integer(v, "mqtt.receive-maximum"),
        v.get("mqtt.shared-group"),
        integer(v, "mqtt.readers"),
        number(v, "mqtt.session-expiry-s"),
        v.get("influx.url"),
        v.get("influx.token"),
        v.get("influx.org"),
        v.get("influx.bucket"),
        integer(v, "influx.batch-size"),
        v.get("registry.path"),
        number(v, "checkpoint.interval-ms"),
        v.get("checkpoint.dir"),
        integer(v, "parallelism"),
        number(v, "watermark.out-of-orderness-ms"),
        number(v, "watermark.idleness-ms"));
  }

  private static long number(Map<String, String> v, String key) {
    try {
      return Long.parseLong(v.get(key).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("--" + key + " must be a number but was " + v.get(key));
    }
  }

  private static int integer(Map<String, String> v, String key) {
    long n = number(v, key);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + key + " is too large: " + n);
    }
    return (int) n;
  }

  /**
   * Parallelism of the MQTT source: {@code --mqtt.readers}, or the job's parallelism when that is
   * 0. One reader subscribes plainly; several share a subscription group.
   */
  public int sourceParallelism() {
    return mqttReaders > 0 ? mqttReaders : parallelism;
  }

  /** Settings of the source readers: client ids {@code <prefix>-<subtask>}. */
  public MqttSettings sourceMqtt() {
    return new MqttSettings(
        mqttUrl,
        mqttUsername,
        mqttPassword,
        mqttClientPrefix + "-source",
        mqttReceiveMaximum,
        mqttSessionExpirySeconds);
  }

  /** Settings of one sink's writers, each sink with its own client ids. */
  public MqttSettings sinkMqtt(String sinkName) {
    return sourceMqtt().withClientPrefix(mqttClientPrefix + "-" + sinkName);
  }

  public TimeSeriesSettings timeSeries() {
    TimeSeriesSettings base =
        TimeSeriesSettings.of(influxUrl, influxToken, influxOrg, influxBucket);
    return new TimeSeriesSettings(
        base.url(),
        base.token(),
        base.org(),
        base.bucket(),
        influxBatchSize,
        base.maxRetries(),
        base.initialBackoffMs());
  }

  public Duration watermarkOutOfOrderness() {
    return Duration.ofMillis(watermarkOutOfOrdernessMs);
  }

  public Duration watermarkIdleness() {
    return Duration.ofMillis(watermarkIdlenessMs);
  }

  @Override
  public String toString() {
    // Secrets stay out of logs.
    return "StreamJobConfig[mqttUrl="
        + mqttUrl
        + ", mqttClientPrefix="
        + mqttClientPrefix
        + ", mqttReceiveMaximum="
        + mqttReceiveMaximum
        + ", mqttSharedGroup="
        + mqttSharedGroup
        + ", mqttReaders="
        + mqttReaders
        + ", influxUrl="
        + influxUrl
        + ", influxBucket="
        + influxBucket
        + ", registryPath="
        + registryPath
        + ", checkpointIntervalMs="
        + checkpointIntervalMs
        + ", checkpointDir="
        + checkpointDir
        + ", parallelism="
        + parallelism
        + "]";
  }
}
