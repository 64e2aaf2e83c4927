package dev.pdm.launcher;

import dev.pdm.gateway.EdgeGateway;
import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.launcher.auth.LocalTokens;
import dev.pdm.launcher.broker.EmbeddedBroker;
import dev.pdm.launcher.postgres.LocalPostgres;
import dev.pdm.launcher.ticketapi.TicketApiProcess;
import dev.pdm.launcher.timeseries.LocalQuestDb;
import dev.pdm.simulators.FleetSimulator;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.SimulatorHandle;
import dev.pdm.simulators.scenario.ScenarioParams;
import dev.pdm.stream.job.StreamJobConfig;
import dev.pdm.stream.job.StreamJobMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;

/**
 * Starts the whole system on one machine, on embedded defaults: an MQTT 5 broker, PostgreSQL,
 * QuestDB, the simulated fleet, an edge gateway for all its sites, the Flink job in-process and the
 * ticket API; prints where to look; stops everything in reverse order on Ctrl-C. All state lives in
 * one data directory, so a second start resumes from it.
 */
public final class LocalSystem {

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private String ticketApiUrl;

  public static void main(String[] args) throws Exception {
    LocalOptions options;
    try {
      options = LocalOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(LocalOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    Path logs = Files.createDirectories(options.dataDir().toAbsolutePath().resolve("logs"));
    System.setProperty("pdm.log.dir", logs.toString());
    System.setProperty("logback.configurationFile", "pdm-logback.xml");
    LocalSystem system = new LocalSystem();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping ...");
                  system.stop();
                  stopped.countDown();
                },
                "pdm-shutdown"));
    try {
      system.start(options);
    } catch (RuntimeException e) {
      System.err.println("Start failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
    stopped.await();
  }

  void start(LocalOptions o) throws Exception {
    Path data = Files.createDirectories(o.dataDir().toAbsolutePath());
    Path logs = Files.createDirectories(data.resolve("logs"));
    Map<String, String> where = new LinkedHashMap<>();

    int brokerPort = Ports.remembered(data, "broker", o.brokerPort());
    EmbeddedBroker broker = keep(EmbeddedBroker.start("local", data.resolve("broker"), brokerPort));
    where.put("MQTT broker (devices/# and pdm/v1/#)", broker.url());

    LocalQuestDb questDb =
        keep(
            LocalQuestDb.start(
                data.resolve("questdb"),
                Ports.remembered(data, "questdb", o.questDbPort()),
                logs.resolve("questdb.log")));
    where.put("QuestDB (telemetry, SQL console)", questDb.url());

    Path fleetDir = data.resolve("fleet");
    SimulatorConfig simulator =
        SimulatorConfig.builder()
            .seed(o.seed())
            .devices(o.devices())
            .scenario(o.scenario())
            .speed(o.speed())
            .simDuration(Duration.ofDays(7))
            .brokerUrl(broker.url())
            .outputDir(fleetDir)
            .clientIdPrefix("pdm-sim")
            .params(demoRates(o.faultsPerDeviceDay()))
            .build();
    // The registry is written before anything that reads it starts.
    SimulatorHandle fleet = FleetSimulator.start(simulator);
    running.push(fleet);
    where.put("Device registry", fleet.registryCsv().toString());
    where.put("Ground truth of injected faults", fleet.groundTruth().toString());

    EdgeGateway gateway =
        keep(
            EdgeGateway.start(
                GatewayConfig.parse(
                    Map.of(
                        GatewayConfig.SITE, GatewayConfig.ALL_SITES,
                        GatewayConfig.REGISTRY, fleet.registryCsv().toString(),
                        GatewayConfig.SITE_BROKER_URL, broker.url(),
                        GatewayConfig.CENTRAL_BROKER_URL, broker.url(),
                        GatewayConfig.CLIENT_ID, "pdm-gateway-local",
                        GatewayConfig.STORE_DIR, data.resolve("gateway").toString(),
                        GatewayConfig.HTTP_PORT, "-1"))));
    gateway
        .httpPort()
        .ifPresent(
            p -> where.put("Gateway health and metrics", "http://127.0.0.1:" + p + "/metrics"));

    StreamJobConfig jobConfig =
        StreamJobConfig.parse(
            "--mqtt.url", broker.url(),
            "--mqtt.client-prefix", "pdm-stream-local",
            "--influx.url", questDb.url(),
            "--registry.path", fleet.registryCsv().toString(),
            "--checkpoint.dir", data.resolve("flink").toString(),
            "--parallelism", "2",
            "--mqtt.readers", "1");
    JobClient job = StreamJobMain.runLocal(jobConfig);
    running.push(() -> job.cancel().get());
    where.put("Flink job", "in-process, checkpoints in " + data.resolve("flink"));

    if (o.withTicketApi()) {
      LocalPostgres postgres =
          keep(
              LocalPostgres.start(
                  data.resolve("postgres"), Ports.remembered(data, "postgres", o.postgresPort())));
      where.put("PostgreSQL", postgres.jdbcUrl() + " (user postgres)");
      LocalTokens tokens = LocalTokens.in(data.resolve("keys"));
      Map<String, String> env = ticketApiEnv(postgres, tokens, broker.port());
      int apiPort = Ports.remembered(data, "ticket-api", o.ticketApiPort());
      TicketApiProcess api =
          keep(
              TicketApiProcess.start(
                  o.ticketApiJar(), env, apiPort, logs.resolve("ticket-api.log")));
      Path tokenDir = Files.createDirectories(data.resolve("tokens"));
      String firstCustomer = firstCustomerId(fleet.registryCsv());
      for (String role : LocalTokens.ROLES) {
        String customer = role.equals("customer") ? firstCustomer : null;
        Files.writeString(
            tokenDir.resolve(role + ".jwt"), tokens.token(role, customer, Duration.ofDays(7)));
      }
      String report =
          importRegistry(
              api.url(), tokens.token("admin", null, Duration.ofMinutes(5)), fleet.registryCsv());
      ticketApiUrl = api.url();
      where.put("Ticket API", api.url() + "/tickets");
      where.put("OpenAPI", api.url() + "/q/openapi");
      where.put("Health / metrics", api.url() + "/q/health  " + api.url() + "/q/metrics");
      where.put("Tokens per role", tokenDir + "/<role>.jwt");
      where.put("Registry import", report);
      where.put(
          "Try",
          "curl -H \"Authorization: Bearer $(cat "
              + tokenDir.resolve("dispatcher.jwt")
              + ")\" "
              + api.url()
              + "/tickets");
    }

    System.out.println();
    System.out.println("pdm is running (data in " + data + ", logs in " + logs + "):");
    where.forEach((k, v) -> System.out.printf("  %-36s %s%n", k, v));
    System.out.println("Press Ctrl-C to stop; the next start resumes from the same data.");
  }

  /** Rates for a small live fleet: enough faults that tickets appear within a minute. */
  static ScenarioParams demoRates(double faultsPerDeviceDay) {
    ScenarioParams d = ScenarioParams.defaults();
    return new ScenarioParams(
        faultsPerDeviceDay,
        d.noiseEventsPerSiteDay(),
        d.defectiveBatch(),
        d.defectiveFraction(),
        d.flappingFirmware(),
        d.flappingFraction(),
        d.flapCount(),
        d.outageSite(),
        d.outageDuration(),
        d.degradingInverters(),
        d.offlineSite(),
        d.offlineDuration(),
        d.silentDevices(),
        d.silentDuration());
  }

  /** The ticket API's environment: its database, the token key, the broker it reads from. */
  public static Map<String, String> ticketApiEnv(
      LocalPostgres postgres, LocalTokens tokens, int brokerPort) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
    env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyPem().toUri().toString());
    env.put("MP_JWT_VERIFY_ISSUER", LocalTokens.ISSUER);
    env.put("PDM_MQTT_HOST", "127.0.0.1");
    env.put("PDM_MQTT_PORT", Integer.toString(brokerPort));
    // One replica: a plain subscription survives a broker that forgets shared ones on restart.
    env.put("PDM_MQTT_SUBSCRIPTION", "plain");
    return env;
  }

  /** The ticket API's base URL once started, else null. */
  String ticketApiUrl() {
    return ticketApiUrl;
  }

  private <T extends AutoCloseable> T keep(T part) {
    running.push(part);
    return part;
  }

  void stop() {
    while (!running.isEmpty()) {
      AutoCloseable part = running.pop();
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("while stopping " + part + ": " + e);
      }
    }
  }

  private static String firstCustomerId(Path registryCsv) {
    try {
      return Files.readAllLines(registryCsv).stream()
          .skip(1)
          .findFirst()
          .map(line -> line.split(",")[10])
          .orElse("none");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String importRegistry(String api, String adminToken, Path csv) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/devices/import"))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv))
                    .timeout(Duration.ofMinutes(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "registry import failed with " + response.statusCode() + ": " + response.body());
    }
    return response.body().length() > 160
        ? response.body().substring(0, 160) + "..."
        : response.body();
  }
}
