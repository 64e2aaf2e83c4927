package dev.pdm.gateway.config;

import dev.pdm.model.codec.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the gateway is told from outside, parsed once at start from environment variables
 * overlaid by system properties of the same name. Nothing else in the gateway reads the
 * environment.
 *
 * @param site the site this gateway serves, or {@link #ALL_SITES} to serve every site of a shared
 *     broker, looking each serial's site up in {@code registry}
 * @param registry device registry file (CSV or JSON); required in all-sites mode
 * @param onlySites in all-sites mode, when not empty: the gateway takes only messages of devices
 *     the registry puts at these sites and leaves every other message on the shared site broker
 *     (unknown serials and malformed topics too) to the gateway that serves the rest
 * @param exceptSites in all-sites mode, when not empty: the gateway takes every message except
 *     those of devices the registry puts at these sites (unknown serials and malformed topics are
 *     still its to dead-letter)
 * @param centralTruststore JKS/PKCS12 truststore for an {@code ssl://} central broker, or null for
 *     the JVM's default trust
 * @param storeMaxBytes disk budget of the store-and-forward queue (both lanes together)
 * @param segmentBytes size at which a queue segment file is sealed and a new one started
 * @param fsync whether a batch of queued events is forced to disk before the site broker is
 *     acknowledged; false trades crash safety for throughput
 * @param telemetryQos QoS of telemetry published upstream (alarms and dead letters always use 1)
 * @param httpPort port of the /health and /metrics endpoint, 0 for none, -1 for an ephemeral one
 * @param inflightWindow how many publishes may await their PUBACK at once
 */
public record GatewayConfig(
    String site,
    Path registry,
    Set<String> onlySites,
    Set<String> exceptSites,
    String siteBrokerUrl,
    String siteUsername,
    String sitePassword,
    String centralBrokerUrl,
    String centralUsername,
    String centralPassword,
    Path centralTruststore,
    String centralTruststorePassword,
    String clientId,
    Path storeDir,
    long storeMaxBytes,
    long segmentBytes,
    boolean fsync,
    int telemetryQos,
    int httpPort,
    double telemetryRatePerSecond,
    double telemetryBurst,
    double alarmRatePerSecond,
    double alarmBurst,
    int inflightWindow,
    Duration sessionExpiry) {

  /** Site value that switches the gateway into all-sites mode. */
  public static final String ALL_SITES = "*";

  public static final String SITE = "PDM_GATEWAY_SITE";
  public static final String REGISTRY = "PDM_GATEWAY_REGISTRY";
  public static final String ONLY_SITES = "PDM_GATEWAY_ONLY_SITES";
  public static final String EXCEPT_SITES = "PDM_GATEWAY_EXCEPT_SITES";
  public static final String SITE_BROKER_URL = "PDM_GATEWAY_SITE_BROKER_URL";
  public static final String SITE_USERNAME = "PDM_GATEWAY_SITE_USERNAME";
  public static final String SITE_PASSWORD = "PDM_GATEWAY_SITE_PASSWORD";
  public static final String CENTRAL_BROKER_URL = "PDM_GATEWAY_CENTRAL_BROKER_URL";
  public static final String CENTRAL_USERNAME = "PDM_GATEWAY_CENTRAL_USERNAME";
  public static final String CENTRAL_PASSWORD = "PDM_GATEWAY_CENTRAL_PASSWORD";
  public static final String CENTRAL_TRUSTSTORE = "PDM_GATEWAY_CENTRAL_TRUSTSTORE";
  public static final String CENTRAL_TRUSTSTORE_PASSWORD =
      "PDM_GATEWAY_CENTRAL_TRUSTSTORE_PASSWORD";
  public static final String CLIENT_ID = "PDM_GATEWAY_CLIENT_ID";
  public static final String STORE_DIR = "PDM_GATEWAY_STORE_DIR";
  public static final String STORE_MAX_BYTES = "PDM_GATEWAY_STORE_MAX_BYTES";
  public static final String STORE_SEGMENT_BYTES = "PDM_GATEWAY_STORE_SEGMENT_BYTES";
  public static final String STORE_FSYNC = "PDM_GATEWAY_STORE_FSYNC";
  public static final String TELEMETRY_QOS = "PDM_GATEWAY_TELEMETRY_QOS";
  public static final String HTTP_PORT = "PDM_GATEWAY_HTTP_PORT";
  public static final String TELEMETRY_RATE = "PDM_GATEWAY_TELEMETRY_RATE_PER_SECOND";
  public static final String TELEMETRY_BURST = "PDM_GATEWAY_TELEMETRY_BURST";
  public static final String ALARM_RATE = "PDM_GATEWAY_ALARM_RATE_PER_SECOND";
  public static final String ALARM_BURST = "PDM_GATEWAY_ALARM_BURST";
  public static final String INFLIGHT_WINDOW = "PDM_GATEWAY_INFLIGHT_WINDOW";
  public static final String SESSION_EXPIRY_SECONDS = "PDM_GATEWAY_SESSION_EXPIRY_SECONDS";

  public GatewayConfig {
    Objects.requireNonNull(site, SITE + " is required");
    if (!ALL_SITES.equals(site)) {
      Validation.requireIdentifier(SITE, site);
    } else if (registry == null) {
      throw new IllegalArgumentException(REGISTRY + " is required when " + SITE + " is *");
    }
    onlySites = Set.copyOf(Objects.requireNonNull(onlySites, ONLY_SITES));
    exceptSites = Set.copyOf(Objects.requireNonNull(exceptSites, EXCEPT_SITES));
    onlySites.forEach(s -> Validation.requireIdentifier(ONLY_SITES, s));
    exceptSites.forEach(s -> Validation.requireIdentifier(EXCEPT_SITES, s));
    if (!onlySites.isEmpty() || !exceptSites.isEmpty()) {
      if (!ALL_SITES.equals(site)) {
        throw new IllegalArgumentException(
            ONLY_SITES + " and " + EXCEPT_SITES + " need " + SITE + "=*");
      }
      if (!onlySites.isEmpty() && !exceptSites.isEmpty()) {
        throw new IllegalArgumentException(
            "either " + ONLY_SITES + " or " + EXCEPT_SITES + ", not both");
      }
      // Gateways sharing a site broker under one client id would take each other's session.
      if (clientId == null) {
        throw new IllegalArgumentException(
            CLIENT_ID + " is required with " + ONLY_SITES + " or " + EXCEPT_SITES);
      }
    }
    Objects.requireNonNull(siteBrokerUrl, SITE_BROKER_URL + " is required");
    Objects.requireNonNull(centralBrokerUrl, CENTRAL_BROKER_URL + " is required");
    Objects.requireNonNull(storeDir, STORE_DIR + " is required");
    Validation.requireIdentifier(CLIENT_ID, clientId);
    if (storeMaxBytes < 64 * 1024) {
      throw new IllegalArgumentException(STORE_MAX_BYTES + " must be at least 65536");
    }
    if (segmentBytes < 4096 || segmentBytes > storeMaxBytes) {
      throw new IllegalArgumentException(
          STORE_SEGMENT_BYTES + " must be between 4096 and " + STORE_MAX_BYTES);
    }
    if (telemetryQos < 0 || telemetryQos > 1) {
      throw new IllegalArgumentException(TELEMETRY_QOS + " must be 0 or 1");
    }
    if (httpPort < -1 || httpPort > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + " must be -1..65535");
    }
    if (telemetryRatePerSecond <= 0 || telemetryBurst < 1) {
      throw new IllegalArgumentException("telemetry rate must be > 0 and burst >= 1");
    }
    if (alarmRatePerSecond <= 0 || alarmBurst < 1) {
      throw new IllegalArgumentException("alarm rate must be > 0 and burst >= 1");
    }
    if (inflightWindow < 1 || inflightWindow > 65535) {
      throw new IllegalArgumentException(INFLIGHT_WINDOW + " must be 1..65535");
    }
    Objects.requireNonNull(sessionExpiry, SESSION_EXPIRY_SECONDS);
  }

  public boolean allSites() {
    return ALL_SITES.equals(site);
  }

  /**
   * Whether this gateway takes a device message, given the registry site of its serial: empty when
   * the serial is not in the registry or the topic names no serial. Several gateways on one shared
   * site broker each see every message; exactly one of them must take it.
   */
  public boolean takes(Optional<String> siteOfSerial) {
    if (!onlySites.isEmpty()) {
      return siteOfSerial.filter(onlySites::contains).isPresent();
    }
    return siteOfSerial.filter(exceptSites::contains).isEmpty();
  }

  /** Whether some messages on the site broker are left to another gateway. */
  public boolean narrowed() {
    return !onlySites.isEmpty() || !exceptSites.isEmpty();
  }

  /** Source name in dead letters and the dead-letter topic: {@code gateway-<site>}. */
  public String deadLetterSource() {
    return "gateway-" + (allSites() ? "all-sites" : site);
  }

  /** The environment overlaid by system properties: the production configuration. */
  public static GatewayConfig fromEnvironment() {
    Map<String, String> values = new HashMap<>(System.getenv());
    System.getProperties().forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
    return parse(values);
  }

  /** Parses the named values; unknown names are ignored, defaults fill the rest. */
  public static GatewayConfig parse(Map<String, String> values) {
    Reader r = new Reader(values);
    String site = r.text(SITE).orElseThrow(() -> missing(SITE));
    long maxBytes = r.longValue(STORE_MAX_BYTES, 1024L * 1024 * 1024);
    Set<String> only = r.list(ONLY_SITES);
    Set<String> except = r.list(EXCEPT_SITES);
    return new GatewayConfig(
        site,
        r.text(REGISTRY).map(Path::of).orElse(null),
        only,
        except,
        r.text(SITE_BROKER_URL).orElse("tcp://127.0.0.1:1883"),
        r.text(SITE_USERNAME).orElse(null),
        r.text(SITE_PASSWORD).orElse(null),
        r.text(CENTRAL_BROKER_URL).orElseThrow(() -> missing(CENTRAL_BROKER_URL)),
        r.text(CENTRAL_USERNAME).orElse(null),
        r.text(CENTRAL_PASSWORD).orElse(null),
        r.text(CENTRAL_TRUSTSTORE).map(Path::of).orElse(null),
        r.text(CENTRAL_TRUSTSTORE_PASSWORD).orElse(null),
        r.text(CLIENT_ID)
            .orElse(
                only.isEmpty() && except.isEmpty()
                    ? "pdm-gateway-" + (ALL_SITES.equals(site) ? "all-sites" : site)
                    : null),
        r.text(STORE_DIR).map(Path::of).orElseThrow(() -> missing(STORE_DIR)),
        maxBytes,
        r.longValue(STORE_SEGMENT_BYTES, Math.max(4096, Math.min(8L * 1024 * 1024, maxBytes / 16))),
        r.bool(STORE_FSYNC, true),
        (int) r.longValue(TELEMETRY_QOS, 1),
        (int) r.longValue(HTTP_PORT, 9464),
        r.doubleValue(TELEMETRY_RATE, 10),
        r.doubleValue(TELEMETRY_BURST, 20),
        r.doubleValue(ALARM_RATE, 50),
        r.doubleValue(ALARM_BURST, 200),
        (int) r.longValue(INFLIGHT_WINDOW, 256),
        Duration.ofSeconds(r.longValue(SESSION_EXPIRY_SECONDS, 7 * 24 * 3600L)));
  }

  private static IllegalArgumentException missing(String name) {
    return new IllegalArgumentException(name + " is required");
  }

  /** Parses one value at a time and names the variable when it is malformed. */
  private record Reader(Map<String, String> values) {
    Optional<String> text(String name) {
      String v = values.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Comma-separated values, blanks around them ignored; empty when unset. */
    Set<String> list(String name) {
      Set<String> values = new TreeSet<>();
      text(name)
          .ifPresent(
              v ->
                  Arrays.stream(v.split(","))
                      .map(String::trim)
                      .filter(e -> !e.isEmpty())
                      .forEach(values::add));
      return values;
    }

    long longValue(String name, long fallback) {
      try {
        return text(name).map(Long::parseLong).orElse(fallback);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not an integer: " + values.get(name));
      }
    }

    double doubleValue(String name, double fallback) {
      try {
        return text(name).map(Double::parseDouble).orElse(fallback);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not a number: " + values.get(name));
      }
    }

    boolean bool(String name, boolean fallback) {
      return text(name)
          .map(v -> v.toLowerCase(Locale.ROOT))
          .map(
              v ->
                  switch (v) {
                    case "true", "always", "yes", "1" -> true;
                    case "false", "never", "no", "0" -> false;
                    default ->
                        throw new IllegalArgumentException(name + " is not true/false: " + v);
                  })
          .orElse(fallback);
    }
  }
}
