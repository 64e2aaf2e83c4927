package dev.pdm.simulators;

import dev.pdm.model.codec.Validation;
import dev.pdm.simulators.scenario.ScenarioParams;
import dev.pdm.simulators.scenario.Scenarios;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a simulator run needs, parsed and validated once.
 *
 * @param seed drives every random choice: same seed and config, same registry, ground truth and
 *     messages
 * @param sites number of sites; 0 picks one per 50 devices, at most 200
 * @param customers number of customers; 0 picks one per three sites
 * @param scenario a name from {@link Scenarios#known()}, or several joined with {@code +}
 * @param simStart first simulated instant; null means the wall clock at start (live demo)
 * @param simDuration simulated time to run; the scenario's faults are planned over it
 * @param speed simulated seconds per wall-clock second
 * @param telemetryPeriod how often each device reports telemetry, in simulated time
 * @param telemetryQos MQTT QoS of telemetry (0 or 1); alarms are always QoS 1
 * @param alarmRefreshPeriod SunSpec devices also republish their unchanged {@code Evt1} this often
 *     (with their telemetry), so a gateway that lost its state relearns it; null or zero: off
 * @param brokerUrl the site-local broker every site publishes to unless overridden
 * @param siteBrokerUrls per-site broker overrides, by site id
 * @param outputDir where the registry (CSV and JSON) and the ground truth are written
 * @param serialPrefix prepended to every serial (keeps several fleets apart on one broker)
 * @param clientIdPrefix MQTT client ids are {@code prefix-siteId}
 * @param publishBufferSize messages each site's client buffers while disconnected
 */
public record SimulatorConfig(
    long seed,
    int inverters,
    int batteries,
    int chargers,
    int sites,
    int customers,
    String scenario,
    Instant simStart,
    Duration simDuration,
    double speed,
    Duration telemetryPeriod,
    int telemetryQos,
    Duration alarmRefreshPeriod,
    String brokerUrl,
    Map<String, String> siteBrokerUrls,
    Path outputDir,
    String serialPrefix,
    String clientIdPrefix,
    int publishBufferSize,
    ScenarioParams params) {

  /** Each site is an MQTT connection with its own threads: the default stops growing here. */
  static final int MAX_DEFAULT_SITES = 200;

  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  public SimulatorConfig {
    siteBrokerUrls = siteBrokerUrls == null ? Map.of() : Map.copyOf(siteBrokerUrls);
    params = params == null ? ScenarioParams.defaults() : params;
    alarmRefreshPeriod =
        alarmRefreshPeriod == null || alarmRefreshPeriod.isZero() ? null : alarmRefreshPeriod;
    if (alarmRefreshPeriod != null && alarmRefreshPeriod.isNegative()) {
      throw new IllegalArgumentException(
          "invalid simulator configuration: alarmRefreshPeriod must not be negative");
    }
    List<String> problems =
        problems(
            inverters,
            batteries,
            chargers,
            sites,
            customers,
            scenario,
            simDuration,
            speed,
            telemetryPeriod,
            telemetryQos,
            brokerUrl,
            siteBrokerUrls,
            outputDir,
            serialPrefix,
            clientIdPrefix,
            publishBufferSize,
            params);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid simulator configuration: " + String.join("; ", problems));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public int devices() {
    return inverters + batteries + chargers;
  }

  /** The number of sites actually generated. */
  public int effectiveSites() {
    return sites > 0 ? sites : Math.max(1, Math.min(MAX_DEFAULT_SITES, devices() / 50));
  }

  public String brokerUrlFor(String siteId) {
    return siteBrokerUrls.getOrDefault(siteId, brokerUrl);
  }

  public Path registryCsv() {
    return outputDir.resolve("registry.csv");
  }

  public Path registryJson() {
    return outputDir.resolve("registry.json");
  }

  public Path groundTruth() {
    return outputDir.resolve("ground-truth.jsonl");
  }

  private static List<String> problems(
      int inverters,
      int batteries,
      int chargers,
      int sites,
      int customers,
      String scenario,
      Duration simDuration,
      double speed,
      Duration telemetryPeriod,
      int telemetryQos,
      String brokerUrl,
      Map<String, String> siteBrokerUrls,
      Path outputDir,
      String serialPrefix,
      String clientIdPrefix,
      int publishBufferSize,
      ScenarioParams params) {
    List<String> p = new ArrayList<>();
    if (inverters < 0 || batteries < 0 || chargers < 0) {
      p.add(
          "device counts must not be negative (inverters="
              + inverters
              + ", batteries="
              + batteries
              + ", chargers="
              + chargers
              + ")");
    } else if ((long) inverters + batteries + chargers == 0) {
      p.add("the fleet needs at least one device");
    } else if ((long) inverters + batteries + chargers > 1_000_000) {
      p.add("at most 1,000,000 devices in one process");
    }
    if (sites < 0) {
      p.add("sites must not be negative, was " + sites);
    }
    if (customers < 0) {
      p.add("customers must not be negative, was " + customers);
    }
    String scenarioProblem = Scenarios.problem(scenario);
    if (scenarioProblem != null) {
      p.add(scenarioProblem);
    }
    if (simDuration == null || simDuration.isNegative() || simDuration.isZero()) {
      p.add("simDuration must be positive, was " + simDuration);
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      p.add("speed must be a positive number, was " + speed);
    }
    if (telemetryPeriod == null || telemetryPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
      p.add("telemetryPeriod must be at least 1 s, was " + telemetryPeriod);
    }
    if (telemetryQos != 0 && telemetryQos != 1) {
      p.add("telemetryQos must be 0 or 1, was " + telemetryQos);
    }
    String urlProblem = urlProblem(brokerUrl);
    if (urlProblem != null) {
      p.add("brokerUrl " + urlProblem);
    }
    siteBrokerUrls.forEach(
        (site, url) -> {
          String problem = urlProblem(url);
          if (problem != null) {
            p.add("broker URL of " + site + " " + problem);
          }
        });
    if (outputDir == null) {
      p.add("outputDir is required");
    }
    if (serialPrefix == null
        || !(serialPrefix.isEmpty()
            || Validation.IDENTIFIER.matcher(serialPrefix).matches()
                && serialPrefix.length() <= 40)) {
      p.add(
          "serialPrefix must be empty or up to 40 characters of [A-Za-z0-9._-], was '"
              + serialPrefix
              + "'");
    }
    if (clientIdPrefix == null || !clientIdPrefix.matches("[A-Za-z0-9._-]{1,40}")) {
      p.add(
          "clientIdPrefix must be 1-40 characters of [A-Za-z0-9._-], was '" + clientIdPrefix + "'");
    }
    if (publishBufferSize < 1) {
      p.add("publishBufferSize must be positive, was " + publishBufferSize);
    }
    p.addAll(params.problems());
    return p;
  }

  /** Null when the URL is one Paho can connect to, else what is wrong with it. */
  static String urlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "is required";
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
        return "'" + url + "' must start with one of tcp://, ssl://, ws://, wss://";
      }
      if (uri.getHost() == null) {
        return "'" + url + "' has no host";
      }
      if (uri.getPort() > 65535) {
        return "'" + url + "' has an invalid port";
      }
      return null;
    } catch (URISyntaxException e) {
      return "'" + url + "' is not a valid URL: " + e.getReason();
    }
  }

  /** Mutable builder with the defaults; {@link #build()} validates. */
  public static final class Builder {
    private long seed = 42;
    private int inverters = 60;
    private int batteries = 20;
    private int chargers = 20;
    private int sites;
    private int customers;
    private String scenario = Scenarios.MIXED;
    private Instant simStart;
    private Duration simDuration = Duration.ofDays(30);
    private double speed = 1;
    private Duration telemetryPeriod = Duration.ofSeconds(60);
    private int telemetryQos;
    private Duration alarmRefreshPeriod;
    private String brokerUrl = "tcp://127.0.0.1:1883";
    private Map<String, String> siteBrokerUrls = Map.of();
    private Path outputDir = Path.of("target", "simulation");
    private String serialPrefix = "";
    private String clientIdPrefix = "pdm-sim";
    private int publishBufferSize = 200_000;
    private ScenarioParams params = ScenarioParams.defaults();

    Builder() {}

    Builder(SimulatorConfig c) {
      seed = c.seed;
      inverters = c.inverters;
      batteries = c.batteries;
      chargers = c.chargers;
      sites = c.sites;
      customers = c.customers;
      scenario = c.scenario;
      simStart = c.simStart;
      simDuration = c.simDuration;
      speed = c.speed;
      telemetryPeriod = c.telemetryPeriod;
      telemetryQos = c.telemetryQos;
      alarmRefreshPeriod = c.alarmRefreshPeriod;
      brokerUrl = c.brokerUrl;
      siteBrokerUrls = c.siteBrokerUrls;
      outputDir = c.outputDir;
      serialPrefix = c.serialPrefix;
      clientIdPrefix = c.clientIdPrefix;
      publishBufferSize = c.publishBufferSize;
      params = c.params;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder inverters(int v) {
      inverters = v;
      return this;
    }

    public Builder batteries(int v) {
      batteries = v;
      return this;
    }

    public Builder chargers(int v) {
      chargers = v;
      return this;
    }

    /** Splits a total 60 % inverters, 20 % batteries, 20 % chargers. */
    public Builder devices(int total) {
      batteries = total / 5;
      chargers = total / 5;
      inverters = total - batteries - chargers;
      return this;
    }

    public Builder sites(int v) {
      sites = v;
      return this;
    }

    public Builder customers(int v) {
      customers = v;
      return this;
    }

    public Builder scenario(String v) {
      scenario = v;
      return this;
    }

    public Builder simStart(Instant v) {
      simStart = v;
      return this;
    }

    public Builder simDuration(Duration v) {
      simDuration = v;
      return this;
    }

    public Builder speed(double v) {
      speed = v;
      return this;
    }

    public Builder telemetryPeriod(Duration v) {
      telemetryPeriod = v;
      return this;
    }

    public Builder telemetryQos(int v) {
      telemetryQos = v;
      return this;
    }

    public Builder alarmRefreshPeriod(Duration v) {
      alarmRefreshPeriod = v;
      return this;
    }

    public Builder brokerUrl(String v) {
      brokerUrl = v;
      return this;
    }

    public Builder siteBrokerUrls(Map<String, String> v) {
      siteBrokerUrls = v;
      return this;
    }

    public Builder outputDir(Path v) {
      outputDir = v;
      return this;
    }

    public Builder serialPrefix(String v) {
      serialPrefix = v;
      return this;
    }

    public Builder clientIdPrefix(String v) {
      clientIdPrefix = v;
      return this;
    }

    public Builder publishBufferSize(int v) {
      publishBufferSize = v;
      return this;
    }

    public Builder params(ScenarioParams v) {
      params = v;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(
          seed,
          inverters,
          batteries,
          chargers,
          sites,
          customers,
          scenario,
          simStart,
          simDuration,
          speed,
          telemetryPeriod,
          telemetryQos,
          alarmRefreshPeriod,
          brokerUrl,
          siteBrokerUrls,
          outputDir,
          serialPrefix,
          clientIdPrefix,
          publishBufferSize,
          params);
    }
  }
}
