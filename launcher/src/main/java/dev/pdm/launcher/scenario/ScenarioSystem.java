package dev.pdm.launcher.scenario;

import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.metrics.MetricsSnapshot;
import dev.pdm.launcher.LocalSystem;
import dev.pdm.launcher.Ports;
import dev.pdm.launcher.auth.LocalTokens;
import dev.pdm.launcher.broker.EmbeddedBroker;
import dev.pdm.launcher.postgres.LocalPostgres;
import dev.pdm.launcher.ticketapi.TicketApiProcess;
import dev.pdm.launcher.timeseries.LocalQuestDb;
import dev.pdm.stream.job.StreamJobConfig;
import dev.pdm.stream.job.StreamJobMain;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;

/**
 * The parts of the system for a scenario run, each of which the harness can take down and bring
 * back in place: same ports, same data directories, so what a part persisted is what it resumes
 * from. Started in dependency order; the simulator is not part of it (the run owns that).
 */
final class ScenarioSystem implements AutoCloseable {

  private final Path data;
  private final Path registryCsv;
  private final Path ticketApiJar;
  private final boolean withUplinkSwitch;
  private final long checkpointIntervalMs;
  private final boolean mosquitto;
  private MosquittoBroker mosquittoBroker;

  private int brokerPort;
  private EmbeddedBroker broker;
  private LocalQuestDb questDb;
  private LocalPostgres postgres;
  private LocalTokens tokens;
  private int apiPort;
  private TicketApiProcess api;
  private UplinkSwitch uplink;
  private GatewayProcess gateway;
  private int gatewayHttpPort;
  private StreamJobConfig jobConfig;
  private JobClient job;
  private final GatewayTotals gatewayTotals = new GatewayTotals();

  ScenarioSystem(
      Path data,
      Path registryCsv,
      Path ticketApiJar,
      boolean withUplinkSwitch,
      long checkpointIntervalMs,
      boolean mosquitto) {
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.mosquitto = mosquitto;
    this.data = data;
    this.registryCsv = registryCsv;
    this.ticketApiJar = ticketApiJar;
    this.withUplinkSwitch = withUplinkSwitch;
  }

  void start() throws Exception {
    Path logs = data.resolve("logs");
    if (mosquitto) {
      mosquittoBroker = MosquittoBroker.start();
      brokerPort = mosquittoBroker.port();
    } else {
      brokerPort = Ports.preferOrFree(0);
      startBroker();
    }
    questDb =
        LocalQuestDb.start(
            data.resolve("questdb"), Ports.preferOrFree(0), logs.resolve("questdb.log"));
    postgres = LocalPostgres.start(data.resolve("postgres"), Ports.preferOrFree(0));
    tokens = LocalTokens.in(data.resolve("keys"));
    apiPort = Ports.preferOrFree(0);
    startTicketApi();
    importRegistryInChunks();
    if (withUplinkSwitch) {
      uplink = UplinkSwitch.start(brokerPort);
    }
    gatewayHttpPort = Ports.preferOrFree(0);
    startGateway();
    jobConfig =
        StreamJobConfig.parse(
            "--mqtt.url", brokerUrl(),
            "--mqtt.client-prefix", "pdm-stream-scenario",
            "--influx.url", questDb.url(),
            "--registry.path", registryCsv.toString(),
            "--checkpoint.dir", data.resolve("flink").toString(),
            "--checkpoint.interval-ms", Long.toString(checkpointIntervalMs),
            "--parallelism", "2",
            "--mqtt.readers", "1");
    startJob();
  }

  /**
   * The ticket API refuses request bodies over its limit (a 100,000-device registry is ~15 MB), so
   * the registry goes in slices of {@link #IMPORT_ROWS} rows, each with the header.
   */
  private void importRegistryInChunks() throws Exception {
    List<String> lines = Files.readAllLines(registryCsv);
    String header = lines.get(0);
    Path slice = data.resolve("fleet").resolve("registry-slice.csv");
    for (int from = 1; from < lines.size(); from += IMPORT_ROWS) {
      List<String> part = new ArrayList<>();
      part.add(header);
      part.addAll(lines.subList(from, Math.min(lines.size(), from + IMPORT_ROWS)));
      Files.write(slice, part);
      LocalSystem.importRegistry(
          api.url(), tokens.token("admin", null, Duration.ofMinutes(5)), slice);
    }
    Files.deleteIfExists(slice);
  }

  static final int IMPORT_ROWS = 10_000;

  String brokerUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  String ticketApiUrl() {
    return api.url();
  }

  String questDbUrl() {
    return questDb.url();
  }

  LocalTokens tokens() {
    return tokens;
  }

  StoreReader store() {
    return new StoreReader(postgres.jdbcUrl(), postgres.user());
  }

  /**
   * How long the stream job waits before it treats an input without events as idle: at the end of a
   * run the last alarms wait that long for the watermark (their input has gone quiet).
   */
  Duration watermarkIdleness() {
    return jobConfig.watermarkIdleness();
  }

  /** The relay in the gateway's uplink, or null when the run has no offline window. */
  UplinkSwitch uplink() {
    return uplink;
  }

  long ticketApiPid() {
    return api.pid();
  }

  /**
   * The gateway's counters over every instance this run started (a restart resets them), read from
   * the running instance's /metrics.
   */
  GatewayTotals gatewayTotals() {
    if (gateway != null) {
      gatewayTotals.current(gateway.metrics());
    }
    return gatewayTotals;
  }

  /** The gateway's process id, or -1 while it is down (for CPU and memory figures). */
  long gatewayPid() {
    GatewayProcess g = gateway;
    return g == null ? -1 : g.pid();
  }

  /** Takes the part down; returns how, for the report. */
  String take(KillPlan.Part part) throws Exception {
    switch (part) {
      case BROKER -> {
        if (mosquittoBroker != null) {
          mosquittoBroker.kill();
        } else {
          broker.close();
          broker = null;
        }
      }
      case FLINK -> {
        job.cancel().get();
        job = null;
      }
      case TICKET_API -> {
        api.kill();
        api = null;
      }
      case GATEWAY -> {
        // Read as late as possible: what the instance counts after this read is not in the totals.
        gatewayTotals.closed(gateway.metrics());
        MetricsSnapshot last = gatewayTotals.lastClosed();
        int exit = gateway.kill();
        gateway = null;
        return "SIGKILL, exit status "
            + exit
            + (last == null
                ? ""
                : ", "
                    + last.queueDepth()
                    + " events ("
                    + last.queuedAlarms()
                    + " alarms) queued on disk at the last read before it");
      }
    }
    return part == KillPlan.Part.FLINK
        ? "job cancelled"
        : part == KillPlan.Part.BROKER && mosquittoBroker == null
            ? "stopped in-process"
            : "SIGKILL";
  }

  /** Brings the part back in place; returns what it found on restart, for the report. */
  String bringBack(KillPlan.Part part) throws Exception {
    switch (part) {
      case BROKER -> {
        if (mosquittoBroker != null) {
          mosquittoBroker.restart();
        } else {
          startBroker();
        }
      }
      case FLINK -> startJob();
      case TICKET_API -> startTicketApi();
      case GATEWAY -> {
        startGateway();
        MetricsSnapshot m = gateway.metrics();
        return m == null
            ? ""
            : "new instance on the same store: "
                + m.truncatedBytes()
                + " torn bytes cut, "
                + m.queueDepth()
                + " events queued when it answered";
      }
    }
    return "";
  }

  private void startBroker() {
    broker = EmbeddedBroker.start("scenario", data.resolve("broker"), brokerPort);
  }

  private void startTicketApi() {
    Map<String, String> env = LocalSystem.ticketApiEnv(postgres, tokens, brokerPort);
    api =
        TicketApiProcess.start(
            ticketApiJar, env, apiPort, data.resolve("logs").resolve("ticket-api.log"));
  }

  /**
   * The gateway as a child JVM running its production main, so that a gateway kill is a real crash
   * (SIGKILL) and the restart recovers the store the way a crashed container's successor does.
   */
  private void startGateway() {
    gateway =
        GatewayProcess.start(
            Map.of(
                GatewayConfig.SITE,
                GatewayConfig.ALL_SITES,
                GatewayConfig.REGISTRY,
                registryCsv.toString(),
                GatewayConfig.SITE_BROKER_URL,
                brokerUrl(),
                GatewayConfig.CENTRAL_BROKER_URL,
                uplink != null ? uplink.url() : brokerUrl(),
                GatewayConfig.CLIENT_ID,
                "pdm-gateway-scenario",
                GatewayConfig.STORE_DIR,
                data.resolve("gateway").toString(),
                GatewayConfig.HTTP_PORT,
                Integer.toString(gatewayHttpPort)),
            gatewayHttpPort,
            data.resolve("logs").resolve("gateway"),
            Duration.ofMinutes(2));
  }

  private void startJob() throws Exception {
    job = StreamJobMain.runLocal(jobConfig);
  }

  @Override
  public void close() {
    stopQuietly(() -> job.cancel().get(), job);
    stopQuietly(
        () -> {
          gatewayTotals.closed(gateway.metrics());
          gateway.close();
        },
        gateway);
    stopQuietly(() -> uplink.close(), uplink);
    stopQuietly(() -> api.close(), api);
    stopQuietly(() -> postgres.close(), postgres);
    stopQuietly(() -> questDb.close(), questDb);
    stopQuietly(() -> broker.close(), broker);
    stopQuietly(() -> mosquittoBroker.close(), mosquittoBroker);
    gateway = null;
    job = null;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void stopQuietly(Step step, Object part) {
    if (part == null) {
      return;
    }
    try {
      step.run();
    } catch (Exception e) {
      System.err.println("while stopping " + part + ": " + e);
    }
  }

  /** Gateway counters summed over its instances. */
  static final class GatewayTotals {
    private long receivedAlarmFrames;
    private long publishedAlarms;
    private long publishedTelemetry;
    private long droppedTelemetry;
    private long rateLimitedAlarmFrames;
    private MetricsSnapshot current;
    private MetricsSnapshot lastClosed;

    /**
     * Adds the counters of an instance that is going away; null (its endpoint did not answer) falls
     * back to the last snapshot read from it.
     */
    synchronized void closed(MetricsSnapshot last) {
      MetricsSnapshot m = last != null ? last : current;
      lastClosed = m;
      current = null;
      if (m == null) {
        return;
      }
      receivedAlarmFrames += m.receivedAlarmFrames();
      publishedAlarms += m.publishedAlarms();
      publishedTelemetry += m.publishedTelemetry();
      droppedTelemetry += m.droppedTelemetry();
      rateLimitedAlarmFrames += m.rateLimitedAlarmFrames();
    }

    /** The running instance's counters; null (endpoint did not answer) keeps the last ones. */
    synchronized void current(MetricsSnapshot m) {
      if (m != null) {
        current = m;
      }
    }

    /** The counters of the instance most recently closed, as last read; null if never read. */
    synchronized MetricsSnapshot lastClosed() {
      return lastClosed;
    }

    synchronized long receivedAlarmFrames() {
      return receivedAlarmFrames + (current == null ? 0 : current.receivedAlarmFrames());
    }

    synchronized long publishedAlarms() {
      return publishedAlarms + (current == null ? 0 : current.publishedAlarms());
    }

    synchronized long publishedTelemetry() {
      return publishedTelemetry + (current == null ? 0 : current.publishedTelemetry());
    }

    synchronized long droppedTelemetry() {
      return droppedTelemetry + (current == null ? 0 : current.droppedTelemetry());
    }

    synchronized long rateLimitedAlarmFrames() {
      return rateLimitedAlarmFrames + (current == null ? 0 : current.rateLimitedAlarmFrames());
    }

    synchronized long queueDepth() {
      return current == null ? -1 : current.queueDepth();
    }
  }
}
