package dev.pdm.ticket.ingest;

import static dev.pdm.ticket.ingest.Incidents.DC_OVER_VOLT;
import static dev.pdm.ticket.ingest.Incidents.GROUND_FAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.topic.Topics;
import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.PostgresDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged ticket API as a child process (as it runs in a container), killed with SIGKILL while
 * it holds an incident between receipt and commit, then started again on the same broker session:
 * every incident of the stream ends up in exactly one ticket, none is lost and none is applied
 * twice.
 *
 * <p>The kill lands between receipt and commit by construction, not by timing: the test holds the
 * advisory lock the ingestion takes first in each incident's transaction, so the process stops at
 * that incident with the message received and unacknowledged, and the test waits until PostgreSQL
 * shows its backend waiting for the lock before killing it.
 *
 * <p>Needs the packaged application ({@code target/quarkus-app/quarkus-run.jar}), which the {@code
 * package} phase builds before failsafe runs; two application starts take most of its time.
 */
class ProcessCrashIT {

  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Path PUBLIC_KEY = Path.of("src", "test", "resources", "publicKey.pem");
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private static final int REGISTERED = 24;
  private static final int UNREGISTERED = 6;

  /**
   * Position of the incident whose transaction the kill interrupts: a ground fault, whose incident
   * id no earlier message shares (the lock is per incident id).
   */
  private static final int HELD = 65;

  /** Messages published before the kill; the rest arrive while the process is down. */
  private static final int BEFORE_KILL = 95;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedBetweenReceiptAndCommitLosesNothingAndOpensNoDuplicate() throws Exception {
    assertThat(APP).as("packaged application, built by the package phase").isRegularFile();
    String jdbc = PostgresDatabases.createFresh("ticketcrash");
    try (MosquittoBroker broker = MosquittoBroker.start();
        BrokerClient publisher = new BrokerClient(broker.url())) {
      Map<String, String> env = env(jdbc, broker);
      Path log = Files.createDirectories(Path.of("target", "crash-it")).resolve("ticket-api.log");

      Process first = start(env, log);
      List<String> serials = registerFleet(jdbc);
      List<Incident> stream = stream(serials);
      Incident held = stream.get(HELD);

      try (Connection lock = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "")) {
        lock.setAutoCommit(false);
        try (PreparedStatement s =
            lock.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
          s.setString(1, held.incidentId());
          s.execute();
        }
        for (Incident i : stream.subList(0, BEFORE_KILL)) {
          publisher.publish(Topics.INCIDENTS, i);
        }

        // everything before the held incident committed; the held one is received, not committed
        await().atMost(PATIENCE).until(() -> waitingForAdvisoryLock(jdbc));
        assertThat(inboxRows(jdbc)).isEqualTo(HELD);

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        lock.rollback();
      }
      // the held incident's transaction died with the process
      assertThat(inboxRows(jdbc)).isEqualTo(HELD);
      assertThat(recorded(jdbc, held)).isZero();

      // while the service is down the stream job replays a few (as after its own restart) and
      // the stream goes on; the last message is then also the last one handled
      for (Incident i : stream.subList(0, 10)) {
        publisher.publish(Topics.INCIDENTS, i);
      }
      for (Incident i : stream.subList(BEFORE_KILL, stream.size())) {
        publisher.publish(Topics.INCIDENTS, i);
      }

      start(env, log);
      // one consumer takes the topic in order: once the last message is in, all have been handled
      Incident last = stream.get(stream.size() - 1);
      await().atMost(PATIENCE).until(() -> recorded(jdbc, last) == 1);

      assertEveryIncidentInExactlyOneTicket(jdbc, stream, serials);
      assertThat(recorded(jdbc, held)).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------------------ the stream

  /** Registered devices in the registry; the unregistered ones only appear in the stream. */
  private static List<String> registerFleet(String jdbc) throws SQLException {
    List<String> serials = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO device (serial, device_class, model, firmware, batch, site_id,"
                    + " site_name, province, region, timezone, customer_id, customer_name,"
                    + " customer_tier, install_date, warranty_end) VALUES (?, 'INVERTER',"
                    + " 'SG110CX', 'V1.2.3', 'B-CRASH', 'SITE-1', 'Site One', 'Jiangsu', 'East',"
                    + " 'Asia/Shanghai', 'CUST-CRASH', 'Crash Ltd', 'GOLD', DATE '2025-01-10',"
                    + " DATE '2030-01-10')")) {
      for (int d = 0; d < REGISTERED; d++) {
        String serial = String.format("INV-CRASH-%03d", d);
        s.setString(1, serial);
        s.executeUpdate();
        serials.add(serial);
      }
    }
    for (int d = 0; d < UNREGISTERED; d++) {
      serials.add(String.format("INV-UNREG-%03d", d));
    }
    return serials;
  }

  /**
   * Four messages per device, devices interleaved: a major fault opens a P2 ticket, its second
   * version folds in, a ground fault escalates to P1, another major fault folds in. So each device
   * ends with one ticket of three occurrences; a fold applied twice would show four.
   */
  private static List<Incident> stream(List<String> serials) {
    Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    List<List<Incident>> perDevice = new ArrayList<>();
    for (String serial : serials) {
      perDevice.add(
          List.of(
              Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR).firstSeen(t0).build(),
              Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR)
                  .firstSeen(t0)
                  .version(2)
                  .occurrences(2)
                  .build(),
              Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL)
                  .firstSeen(t0.plus(Duration.ofMinutes(1)))
                  .build(),
              Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR)
                  .firstSeen(t0.plus(Duration.ofMinutes(2)))
                  .build()));
    }
    List<Incident> stream = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      for (List<Incident> device : perDevice) {
        stream.add(device.get(step));
      }
    }
    return stream;
  }

  // ------------------------------------------------------------------------------ assertions

  private static void assertEveryIncidentInExactlyOneTicket(
      String jdbc, List<Incident> stream, List<String> serials) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "");
        Statement s = c.createStatement()) {
      Map<String, Long> ticketOfDevice = new HashMap<>();
      try (ResultSet r = s.executeQuery("SELECT serial, id, occurrences, priority FROM ticket")) {
        while (r.next()) {
          Long before = ticketOfDevice.put(r.getString(1), r.getLong(2));
          assertThat(before).as("second ticket for " + r.getString(1)).isNull();
          assertThat(r.getInt(3)).as("occurrences of " + r.getString(1)).isEqualTo(3);
          assertThat(r.getString(4)).as("priority of " + r.getString(1)).isEqualTo("P1");
        }
      }
      assertThat(ticketOfDevice.keySet()).containsExactlyInAnyOrderElementsOf(serials);

      Map<String, Long> ticketOfMessage = new HashMap<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT subject_id, version, outcome, serial, ticket_id FROM incident_inbox")) {
        while (r.next()) {
          String key = r.getString(1) + "@" + r.getLong(2);
          assertThat(r.getString(3)).as(key).isEqualTo("APPLIED");
          assertThat(r.getLong(5)).as(key).isEqualTo(ticketOfDevice.get(r.getString(4)));
          assertThat(ticketOfMessage.put(key, r.getLong(5))).as("recorded twice: " + key).isNull();
        }
      }
      assertThat(ticketOfMessage.keySet())
          .containsExactlyInAnyOrderElementsOf(
              stream.stream().map(i -> i.incidentId() + "@" + i.version()).toList());
    }
  }

  private static boolean waitingForAdvisoryLock(String jdbc) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      r.next();
      return r.getInt(1) > 0;
    }
  }

  private static int inboxRows(String jdbc) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM incident_inbox")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static int recorded(String jdbc, Incident i) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, PostgresDatabases.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM incident_inbox WHERE subject_id = ? AND version = ?")) {
      s.setString(1, i.incidentId());
      s.setLong(2, i.version());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  // ------------------------------------------------------------------------------ the process

  private static Map<String, String> env(String jdbc, MosquittoBroker broker) {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc);
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", jdbc.substring("jdbc:".length()));
    env.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabases.user());
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(MosquittoBroker.FreePorts.find()));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", PUBLIC_KEY.toAbsolutePath().toUri().toString());
    env.put("PDM_MQTT_HOST", "127.0.0.1");
    env.put("PDM_MQTT_PORT", Integer.toString(broker.port()));
    // the restarted process resumes the session the killed one left under this id
    env.put("PDM_MQTT_CLIENT_ID", "ticket-api-crash-it");
    return env;
  }

  private Process start(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                APP.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process p = builder.start();
    started.add(p);
    String ready = "http://127.0.0.1:" + env.get("QUARKUS_HTTP_PORT") + "/q/health/ready";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // ready only after the ingestion subscribed (it connects during start-up)
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              assertThat(p.isAlive()).as("ticket-api exited; see " + log).isTrue();
              return http.send(
                          HttpRequest.newBuilder(URI.create(ready))
                              .timeout(Duration.ofSeconds(2))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
            });
    return p;
  }
}
