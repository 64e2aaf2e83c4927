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
import java.util.HashMap;
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
  private final List<GatewaySplit.Gateway> gatewayLayout;
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
  private final List<GatewaySlot> gateways = new ArrayList<>();
  private StreamJobConfig jobConfig;
  private JobClient job;
  private List<Integer> lastGatewayExits = List.of();

  /**
   * One gateway of the run and everything that outlives its process: its uplink (direct, or through
   * a switch that stays across restarts), its fixed metrics port, and its counters over every
   * instance.
   */
  private static final class GatewaySlot {
    final GatewaySplit.Gateway spec;
    final UplinkSwitch uplink;
    final int httpPort;
    final GatewayTotals totals = new GatewayTotals();
    volatile GatewayProcess process;

    GatewaySlot(GatewaySplit.Gateway spec, UplinkSwitch uplink, int httpPort) {
      this.spec = spec;
      this.uplink = uplink;
      this.httpPort = httpPort;
    }

    GatewayTotals refreshed() {
      GatewayProcess p = process;
      if (p != null) {
        totals.current(p.metrics());
      }
      return totals;
    }
  }

  ScenarioSystem(
      Path data,
      Path registryCsv,
      Path ticketApiJar,
      List<GatewaySplit.Gateway> gatewayLayout,
      long checkpointIntervalMs,
      boolean mosquitto) {
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.mosquitto = mosquitto;
    this.data = data;
    this.registryCsv = registryCsv;
    this.ticketApiJar = ticketApiJar;
    this.gatewayLayout = List.copyOf(gatewayLayout);
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
    for (GatewaySplit.Gateway g : gatewayLayout) {
      GatewaySlot slot =
          new GatewaySlot(
              g, g.switchedUplink() ? UplinkSwitch.start(brokerPort) : null, Ports.preferOrFree(0));
      gateways.add(slot);
      startGateway(slot);
    }
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

  /** The relay in the uplink of the gateway that serves this offline site alone. */
  UplinkSwitch uplink(String offlineSite) {
    return slotOf(offlineSite).uplink;
  }

  /**
   * Events queued in the store of the gateway that serves this offline site; -1 while it is down.
   */
  long gatewayQueueDepth(String offlineSite) {
    return slotOf(offlineSite).refreshed().queueDepth();
  }

  private GatewaySlot slotOf(String offlineSite) {
    return gateways.stream()
        .filter(g -> offlineSite.equals(g.spec.offlineSite()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no gateway of its own for site " + offlineSite));
  }

  long ticketApiPid() {
    return api.pid();
  }

  /**
   * The gateway counters summed over the run's gateways and over every instance of each (a restart
   * resets an instance's counters), read from the running instances' /metrics.
   */
  GatewayCounts gatewayTotals() {
    long received = 0;
    long published = 0;
    long telemetry = 0;
    long dropped = 0;
    long rateLimited = 0;
    long depth = 0;
    for (GatewaySlot slot : gateways) {
      GatewayTotals t = slot.refreshed();
      received += t.receivedAlarmFrames();
      published += t.publishedAlarms();
      telemetry += t.publishedTelemetry();
      dropped += t.droppedTelemetry();
      rateLimited += t.rateLimitedAlarmFrames();
      long d = t.queueDepth();
      depth = depth < 0 || d < 0 ? -1 : depth + d;
    }
    return new GatewayCounts(received, published, telemetry, dropped, rateLimited, depth);
  }

  /**
   * Gateway counters over all gateways of the run.
   *
   * @param queueDepth events queued over all gateways, -1 while one of them does not answer
   */
  record GatewayCounts(
      long receivedAlarmFrames,
      long publishedAlarms,
      long publishedTelemetry,
      long droppedTelemetry,
      long rateLimitedAlarmFrames,
      long queueDepth) {}

  /** The running gateways' process ids (for CPU and memory figures); a gateway down is left out. */
  long[] gatewayPids() {
    return gateways.stream()
        .map(g -> g.process)
        .filter(p -> p != null)
        .mapToLong(GatewayProcess::pid)
        .toArray();
  }

  /** The exit status of each gateway process at the last gateway kill, in start order. */
  List<Integer> lastGatewayExits() {
    return lastGatewayExits;
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
        // Every gateway of the run: the edge tier crashes as one part.
        List<String> how = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        for (GatewaySlot slot : gateways) {
          // Read as late as possible: what the instance counts after this read is not in the
          // totals.
          slot.totals.closed(slot.process.metrics());
          MetricsSnapshot last = slot.totals.lastClosed();
          int exit = slot.process.kill();
          slot.process = null;
          exits.add(exit);
          how.add(
              prefix(slot)
                  + "SIGKILL, exit status "
                  + exit
                  + (last == null
                      ? ""
                      : ", "
                          + last.queueDepth()
                          + " events ("
                          + last.queuedAlarms()
                          + " alarms) queued on disk at the last read before it"));
        }
        lastGatewayExits = List.copyOf(exits);
        return String.join("; ", how);
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
        List<String> found = new ArrayList<>();
        for (GatewaySlot slot : gateways) {
          startGateway(slot);
          MetricsSnapshot m = slot.process.metrics();
          if (m != null) {
            found.add(
                prefix(slot)
                    + "new instance on the same store: "
                    + m.truncatedBytes()
                    + " torn bytes cut, "
                    + m.queueDepth()
                    + " events queued when it answered");
          }
        }
        return String.join("; ", found);
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

  /** Names the gateway in a kill's description when the run has more than one. */
  private String prefix(GatewaySlot slot) {
    return gateways.size() == 1 ? "" : slot.spec.name() + " (" + slot.spec.label() + "): ";
  }

  /**
   * A gateway as a child JVM running its production main, so that a gateway kill is a real crash
   * (SIGKILL) and the restart recovers the store the way a crashed container's successor does. Each
   * gateway has its own store, log directory and client ids ({@code gateway} keeps the names the
   * single gateway always had).
   */
  private void startGateway(GatewaySlot slot) {
    String name = slot.spec.name();
    Map<String, String> settings = new HashMap<>(slot.spec.siteSettings());
    settings.put(GatewayConfig.REGISTRY, registryCsv.toString());
    settings.put(GatewayConfig.SITE_BROKER_URL, brokerUrl());
    settings.put(
        GatewayConfig.CENTRAL_BROKER_URL, slot.uplink != null ? slot.uplink.url() : brokerUrl());
    settings.put(
        GatewayConfig.CLIENT_ID,
        "pdm-gateway-scenario"
            + (slot.spec.offlineSite() == null ? "" : "-" + slot.spec.offlineSite()));
    settings.put(GatewayConfig.STORE_DIR, data.resolve(name).toString());
    settings.put(GatewayConfig.HTTP_PORT, Integer.toString(slot.httpPort));
    slot.process =
        GatewayProcess.start(
            settings, slot.httpPort, data.resolve("logs").resolve(name), Duration.ofMinutes(2));
  }

  private void startJob() throws Exception {
    job = StreamJobMain.runLocal(jobConfig);
  }

  @Override
  public void close() {
    stopQuietly(() -> job.cancel().get(), job);
    for (GatewaySlot slot : gateways) {
      stopQuietly(
          () -> {
            slot.totals.closed(slot.process.metrics());
            slot.process.close();
          },
          slot.process);
      slot.process = null;
      stopQuietly(() -> slot.uplink.close(), slot.uplink);
    }
    stopQuietly(() -> api.close(), api);
    stopQuietly(() -> postgres.close(), postgres);
    stopQuietly(() -> questDb.close(), questDb);
    stopQuietly(() -> broker.close(), broker);
    stopQuietly(() -> mosquittoBroker.close(), mosquittoBroker);
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

  /** One gateway's counters summed over its instances. */
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
