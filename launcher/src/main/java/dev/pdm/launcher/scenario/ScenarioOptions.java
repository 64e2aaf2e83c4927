package dev.pdm.launcher.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of one scenario run, parsed once from the command line.
 *
 * @param scenario simulator scenario name(s), joined with {@code +}
 * @param devices simulated devices (60/20/20 inverters, batteries, chargers)
 * @param duration simulated time the run covers; faults are planned over it
 * @param speed simulated seconds per wall-clock second
 * @param simStart first simulated instant (fixed by default, so a seed gives the same run)
 * @param faultsPerDeviceDay background fault rate, null for the simulator's default
 * @param telemetryPeriod simulated time between two telemetry reports of a device
 * @param kills parts killed and restarted during the run
 * @param down wall-clock time a killed part stays down before it is restarted
 * @param settle longest wall-clock wait, after the simulation ends, for the pipeline to go quiet
 * @param quietFor how long nothing new must arrive for the pipeline to count as quiet
 * @param tail simulated time at the end of the run in which a fault's first alarm is not judged
 * @param checkpointInterval the Flink job's checkpoint interval; the MQTT source acknowledges what
 *     it read only when a checkpoint completes, so this bounds how fast the broker hands it new
 *     messages
 * @param broker the central broker: {@code hivemq} (embedded, the local default) or {@code
 *     mosquitto} (a Mosquitto process with the project's configuration; killed with SIGKILL)
 * @param bench whether to sample CPU and memory per part and report throughput and latency
 */
public record ScenarioOptions(
    String scenario,
    int devices,
    Duration duration,
    double speed,
    long seed,
    Instant simStart,
    Double faultsPerDeviceDay,
    Duration telemetryPeriod,
    KillPlan kills,
    Duration down,
    Duration settle,
    Duration quietFor,
    Duration tail,
    Path dataDir,
    Path ticketApiJar,
    Duration checkpointInterval,
    String broker,
    boolean bench) {

  /** Simulated durations that let each shipped scenario play out. */
  static final Map<String, Duration> DEFAULT_DURATIONS =
      Map.of(
          "defective-bms-batch", Duration.ofDays(3),
          "charger-firmware-flapping", Duration.ofDays(1),
          "site-grid-outage", Duration.ofDays(1),
          "inverter-degradation", Duration.ofDays(3),
          "gateway-offline", Duration.ofDays(1),
          "quiet-month", Duration.ofDays(30));

  static final String USAGE =
      """
      Usage: ./run-scenario --scenario NAME [options]
        --scenario NAME        defective-bms-batch, charger-firmware-flapping, site-grid-outage,
                               inverter-degradation, gateway-offline, quiet-month, background,
                               mixed; several joined with +
        --devices N            simulated devices (default 300)
        --duration D           simulated time, e.g. 3d, 12h, 90m (default per scenario, 1d otherwise)
        --speed X              simulated seconds per second (default: about 1,500 messages/s)
        --seed N               fleet and fault seed (default 42)
        --start INSTANT        first simulated instant (default 2025-06-02T00:00:00Z, a Monday 08:00 in Shanghai)
        --faults-per-day R     background faults per device per day (default: the simulator's 0.002)
        --telemetry-period D   simulated time between telemetry reports (default 60s; 15m for quiet-month)
        --kill PLAN            kill and restart parts mid-run: all, or e.g. broker@30%,flink@50%,ticket-api@60%,gateway@75%
        --down D               wall time a killed part stays down (default 5s)
        --settle D             longest wait for the pipeline to go quiet after the run (default 4m)
        --quiet-for D          nothing new for this long counts as quiet (default 20s)
        --tail D               faults whose first alarm is in this last stretch are not judged (default 30m)
        --data-dir DIR         where the run keeps its state and report (default .pdm-scenarios/<scenario>)
        --checkpoint-interval D the stream job's checkpoint interval (default 5s)
        --broker B             central broker: mosquitto (default where installed) or hivemq (embedded)
        --bench                also measure throughput, latency and CPU/memory per part
        --ticket-api-jar JAR   the packaged ticket API (default ticket-api/target/quarkus-app/quarkus-run.jar)
      """;

  /** The messages per wall second the default speed aims at on this kind of machine. */
  static final double DEFAULT_MESSAGE_RATE = 1500;

  public static ScenarioOptions parse(String... args) {
    String scenario = null;
    int devices = 300;
    Duration duration = null;
    Double speed = null;
    long seed = 42;
    Instant start = Instant.parse("2025-06-02T00:00:00Z");
    Double faults = null;
    Duration period = null;
    KillPlan kills = KillPlan.NONE;
    Duration down = Duration.ofSeconds(5);
    Duration settle = Duration.ofMinutes(4);
    Duration quietFor = Duration.ofSeconds(20);
    Duration tail = Duration.ofMinutes(30);
    Path dataDir = null;
    Path jar = Path.of("ticket-api/target/quarkus-app/quarkus-run.jar");
    boolean bench = false;
    Duration checkpoint = Duration.ofSeconds(5);
    String broker = mosquittoInstalled() ? "mosquitto" : "hivemq";
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      try {
        switch (a) {
          case "--scenario" -> scenario = require(a, v, i++);
          case "--devices" -> devices = Integer.parseInt(require(a, v, i++));
          case "--duration" -> duration = duration(require(a, v, i++));
          case "--speed" -> speed = Double.parseDouble(require(a, v, i++));
          case "--seed" -> seed = Long.parseLong(require(a, v, i++));
          case "--start" -> start = Instant.parse(require(a, v, i++));
          case "--faults-per-day" -> faults = Double.parseDouble(require(a, v, i++));
          case "--telemetry-period" -> period = duration(require(a, v, i++));
          case "--kill" -> kills = KillPlan.parse(require(a, v, i++));
          case "--down" -> down = duration(require(a, v, i++));
          case "--settle" -> settle = duration(require(a, v, i++));
          case "--quiet-for" -> quietFor = duration(require(a, v, i++));
          case "--tail" -> tail = duration(require(a, v, i++));
          case "--data-dir" -> dataDir = Path.of(require(a, v, i++));
          case "--ticket-api-jar" -> jar = Path.of(require(a, v, i++));
          case "--bench" -> bench = true;
          case "--broker" -> broker = require(a, v, i++);
          case "--checkpoint-interval" -> checkpoint = duration(require(a, v, i++));
          case "--help", "-h" -> throw new IllegalArgumentException("");
          default -> errors.add("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        errors.add(a + " needs a number, got '" + v + "'");
      } catch (java.time.format.DateTimeParseException e) {
        errors.add(a + " needs an instant like 2025-06-02T00:00:00Z, got '" + v + "'");
      } catch (IllegalArgumentException e) {
        if (e.getMessage().isEmpty()) {
          throw e;
        }
        errors.add(e.getMessage());
      }
    }
    if (scenario == null) {
      errors.add("--scenario is required");
      scenario = "background";
    }
    if (devices < 1) {
      errors.add("--devices must be at least 1");
    }
    if (faults != null && faults < 0) {
      errors.add("--faults-per-day must be >= 0");
    }
    if (speed != null && !(speed > 0)) {
      errors.add("--speed must be > 0");
    }
    if (!broker.equals("hivemq") && !broker.equals("mosquitto")) {
      errors.add("--broker must be hivemq or mosquitto");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    if (duration == null) {
      duration = DEFAULT_DURATIONS.getOrDefault(scenario, Duration.ofDays(1));
    }
    if (period == null) {
      period = scenario.equals("quiet-month") ? Duration.ofMinutes(15) : Duration.ofSeconds(60);
    }
    if (speed == null) {
      // devices / period messages per simulated second; aim at the default rate per wall second.
      speed = Math.max(1, Math.floor(DEFAULT_MESSAGE_RATE * period.toSeconds() / devices));
    }
    if (dataDir == null) {
      dataDir = Path.of(".pdm-scenarios", scenario.replace('+', '_'));
    }
    return new ScenarioOptions(
        scenario,
        devices,
        duration,
        speed,
        seed,
        start,
        faults,
        period,
        kills,
        down,
        settle,
        quietFor,
        tail,
        dataDir,
        jar,
        checkpoint,
        broker,
        bench);
  }

  /**
   * {@code 3d}, {@code 12h}, {@code 90m}, {@code 30s}, {@code 500ms} or ISO-8601 ({@code PT2H}).
   */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> throw new IllegalArgumentException("bad unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration like 3d, 12h, 90m, 30s or PT2H");
    }
  }

  /**
   * Scenario runs prefer a Mosquitto process: with the embedded HiveMQ the stream job's source,
   * which acknowledges only at checkpoints, was handed a trickle of messages (see the README).
   */
  static boolean mosquittoInstalled() {
    for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"}) {
      if (java.nio.file.Files.isExecutable(Path.of(p))) {
        return true;
      }
    }
    return false;
  }

  private static String require(String option, String value, int index) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
