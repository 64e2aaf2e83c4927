package dev.pdm.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the local system, parsed once.
 *
 * @param dataDir everything the system stores (broker, PostgreSQL, QuestDB, gateway queue, Flink
 *     checkpoints, fleet files, keys); a second start with the same directory resumes
 * @param devices simulated devices (split across inverters, batteries and chargers)
 * @param seed fleet and fault seed: the same seed gives the same fleet
 * @param scenario simulator scenario name(s)
 * @param faultsPerDeviceDay background fault rate; the default is raised so that a small fleet
 *     shows faults within its first minutes
 * @param speed simulated seconds per wall-clock second
 * @param withTicketApi whether to start the ticket API (off to run only the pipeline)
 */
public record LocalOptions(
    Path dataDir,
    int devices,
    long seed,
    String scenario,
    double faultsPerDeviceDay,
    double speed,
    int brokerPort,
    int postgresPort,
    int questDbPort,
    int ticketApiPort,
    boolean withTicketApi,
    Path ticketApiJar) {

  static final String USAGE =
      """
      Usage: ./run-local [options]
        --data-dir DIR        where all state lives (default .pdm-local)
        --devices N           simulated devices (default 300)
        --seed N              fleet and fault seed (default 42)
        --scenario NAME       simulator scenario, e.g. mixed, defective-bms-batch (default mixed)
        --faults-per-day R    background faults per device per day (default 2, a demo rate)
        --speed X             simulated seconds per second (default 10)
        --broker-port P       MQTT port (default 1883, or a free port when taken)
        --postgres-port P     PostgreSQL port (default 5433, or a free port when taken)
        --questdb-port P      QuestDB HTTP port (default 9000, or a free port when taken)
        --api-port P          ticket API port (default 8080, or a free port when taken)
        --no-ticket-api       run without the ticket API
        --ticket-api-jar JAR  the packaged ticket API (default ticket-api/target/quarkus-app/quarkus-run.jar)
      """;

  public static LocalOptions parse(String... args) {
    Path dataDir = Path.of(".pdm-local");
    int devices = 300;
    long seed = 42;
    String scenario = "mixed";
    double faults = 2;
    double speed = 10;
    int broker = 1883;
    int postgres = 5433;
    int questDb = 9000;
    int api = 8080;
    boolean ticketApi = true;
    Path ticketApiJar = Path.of("ticket-api/target/quarkus-app/quarkus-run.jar");
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      try {
        switch (a) {
          case "--data-dir" -> dataDir = Path.of(require(a, v, i++));
          case "--devices" -> devices = Integer.parseInt(require(a, v, i++));
          case "--seed" -> seed = Long.parseLong(require(a, v, i++));
          case "--scenario" -> scenario = require(a, v, i++);
          case "--faults-per-day" -> faults = Double.parseDouble(require(a, v, i++));
          case "--speed" -> speed = Double.parseDouble(require(a, v, i++));
          case "--broker-port" -> broker = Integer.parseInt(require(a, v, i++));
          case "--postgres-port" -> postgres = Integer.parseInt(require(a, v, i++));
          case "--questdb-port" -> questDb = Integer.parseInt(require(a, v, i++));
          case "--api-port" -> api = Integer.parseInt(require(a, v, i++));
          case "--no-ticket-api" -> ticketApi = false;
          case "--ticket-api-jar" -> ticketApiJar = Path.of(require(a, v, i++));
          case "--help", "-h" -> throw new IllegalArgumentException("");
          default -> errors.add("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        errors.add(a + " needs a number, got '" + v + "'");
      }
    }
    if (devices < 1) {
      errors.add("--devices must be at least 1");
    }
    if (faults < 0) {
      errors.add("--faults-per-day must be >= 0");
    }
    if (!(speed > 0)) {
      errors.add("--speed must be > 0");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new LocalOptions(
        dataDir,
        devices,
        seed,
        scenario,
        faults,
        speed,
        broker,
        postgres,
        questDb,
        api,
        ticketApi,
        ticketApiJar);
  }

  private static String require(String option, String value, int index) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
