package dev.pdm.simulators;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator: {@code SimulatorMain --devices 1000 --scenario defective-bms-batch --broker
 * tcp://127.0.0.1:1883 --speed 60}. Ctrl-C stops it cleanly.
 */
public final class SimulatorMain {

  static final String USAGE =
      """
      usage: SimulatorMain [options]
        --devices N              total devices, split 60/20/20 (inverters/batteries/chargers)
        --inverters N --batteries N --chargers N   per-class counts instead
        --sites N                sites (default: one per 50 devices)
        --customers N            customers (default: one per three sites)
        --scenario NAME[+NAME]   default mixed; known: %s
        --seed N                 default 42
        --start ISO-INSTANT      first simulated instant (default: now)
        --duration D             simulated time to run, e.g. 30d, 12h, 90m, PT2H (default 30d)
        --speed X                simulated seconds per second (default 1)
        --telemetry-period D     e.g. 60s (default 60s)
        --telemetry-qos 0|1      default 0
        --alarm-refresh D        also republish an unchanged SunSpec Evt1 this often (default off)
        --broker URL             default tcp://127.0.0.1:1883
        --site-broker SITE=URL   broker of one site (repeatable)
        --out DIR                registry and ground truth (default target/simulation)
        --serial-prefix P        prefix for every serial
        --client-id-prefix P     MQTT client id prefix (default pdm-sim)
        --dry-run                write registry and ground truth, publish nothing
      """;

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.printf(USAGE, String.join(", ", dev.pdm.simulators.scenario.Scenarios.known()));
      System.exit(2);
      return;
    }
    if (parsed.help()) {
      System.out.printf(USAGE, String.join(", ", dev.pdm.simulators.scenario.Scenarios.known()));
      return;
    }
    SimulatorConfig config = parsed.config();
    if (parsed.dryRun()) {
      Simulation s =
          Simulation.plan(config, config.simStart() != null ? config.simStart() : Instant.now())
              .writeFiles();
      System.out.printf(
          "%d devices, %d sites, %d injected faults%nregistry: %s%nground truth: %s%n",
          s.fleet().devices().size(),
          s.fleet().sites().size(),
          s.plan().faults().size(),
          config.registryCsv().toAbsolutePath(),
          config.groundTruth().toAbsolutePath());
      return;
    }
    SimulatorHandle handle = FleetSimulator.start(config);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  handle.stop();
                  done.countDown();
                }));
    System.out.printf(
        "simulating %d devices at %d sites, scenario %s, speed %sx%nregistry: %s%nground truth:"
            + " %s%n",
        config.devices(),
        handle.simulation().fleet().sites().size(),
        config.scenario(),
        config.speed(),
        handle.registryCsv().toAbsolutePath(),
        handle.groundTruth().toAbsolutePath());
    while (!handle.awaitFinished(Duration.ofSeconds(10))) {
      System.out.printf(
          "sim time %s  %s  max lag %d ms%n",
          handle.simulatedUpTo(), handle.counters().snapshot(), handle.maxLagMillis());
    }
    handle.stop();
    if (handle.failure().isPresent()) {
      System.err.println("simulation failed: " + handle.failure().get());
      System.exit(1);
    }
    System.out.printf("finished: %s%n", handle.counters().snapshot());
  }

  /** Parsed command line. */
  record Parsed(SimulatorConfig config, boolean dryRun, boolean help) {}

  static Parsed parse(String[] args) {
    SimulatorConfig.Builder b = SimulatorConfig.builder();
    Map<String, String> siteBrokers = new LinkedHashMap<>();
    boolean dryRun = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--dry-run")) {
        dryRun = true;
        continue;
      }
      if (option.equals("--help") || option.equals("-h")) {
        return new Parsed(null, false, true);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String v = args[++i];
      switch (option) {
        case "--devices" -> b.devices(integer(option, v));
        case "--inverters" -> b.inverters(integer(option, v));
        case "--batteries" -> b.batteries(integer(option, v));
        case "--chargers" -> b.chargers(integer(option, v));
        case "--sites" -> b.sites(integer(option, v));
        case "--customers" -> b.customers(integer(option, v));
        case "--scenario" -> b.scenario(v);
        case "--seed" -> b.seed(longValue(option, v));
        case "--start" -> b.simStart(instant(option, v));
        case "--duration" -> b.simDuration(duration(option, v));
        case "--speed" -> b.speed(number(option, v));
        case "--telemetry-period" -> b.telemetryPeriod(duration(option, v));
        case "--telemetry-qos" -> b.telemetryQos(integer(option, v));
        case "--alarm-refresh" -> b.alarmRefreshPeriod(duration(option, v));
        case "--broker" -> b.brokerUrl(v);
        case "--site-broker" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--site-broker expects SITE=URL, got '" + v + "'");
          }
          siteBrokers.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--out" -> b.outputDir(Path.of(v));
        case "--serial-prefix" -> b.serialPrefix(v);
        case "--client-id-prefix" -> b.clientIdPrefix(v);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    b.siteBrokerUrls(siteBrokers);
    return new Parsed(b.build(), dryRun, false);
  }

  private static int integer(String option, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects an integer, got '" + v + "'");
    }
  }

  private static long longValue(String option, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects an integer, got '" + v + "'");
    }
  }

  private static double number(String option, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects a number, got '" + v + "'");
    }
  }

  private static Instant instant(String option, String v) {
    try {
      return Instant.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " expects an ISO instant like 2025-06-01T00:00:00Z, got '" + v + "'");
    }
  }

  /** 30d, 12h, 90m, 45s, 500ms, or ISO-8601 (PT2H, P30D). */
  static Duration duration(String option, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          option + " expects a duration like 30d, 12h, 90m, 60s or PT2H, got '" + v + "'");
    }
  }
}
