package dev.pdm.launcher.scenario;

import dev.pdm.launcher.scenario.RunReport.AlarmCounts;
import dev.pdm.launcher.scenario.RunReport.KillEvent;
import dev.pdm.launcher.scenario.RunReport.Latency;
import dev.pdm.launcher.scenario.RunReport.Throughput;
import dev.pdm.simulators.FleetSimulator;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.SimulatorHandle;
import dev.pdm.simulators.publish.PublishCounters;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import dev.pdm.simulators.scenario.GroundTruthFiles;
import dev.pdm.simulators.scenario.ScenarioParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a named scenario end to end on embedded parts (broker, QuestDB, PostgreSQL, ticket API and
 * edge gateway as processes, Flink job in-process, simulated fleet), optionally killing and
 * restarting parts mid-run, waits for the pipeline to go quiet, and scores the tickets against the
 * simulator's ground truth. Writes {@code report.json} and {@code report.md} into the data
 * directory.
 */
public final class ScenarioRun {

  /** Marks a data directory as this harness's, so a new run may wipe it. */
  static final String MARKER = ".scenario-run";

  private final ScenarioOptions o;
  private final List<String> problems = new ArrayList<>();
  private final List<KillEvent> killLog = new ArrayList<>();

  private ScenarioRun(ScenarioOptions options) {
    this.o = options;
  }

  public static void main(String[] args) throws Exception {
    ScenarioOptions options;
    try {
      options = ScenarioOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(ScenarioOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    Path logs = Files.createDirectories(options.dataDir().toAbsolutePath().resolve("logs"));
    System.setProperty("pdm.log.dir", logs.toString());
    System.setProperty("logback.configurationFile", "pdm-logback.xml");
    RunReport report = run(options);
    System.out.println();
    System.out.print(ReportWriter.markdown(report));
    System.out.println(
        "Report: " + options.dataDir().toAbsolutePath().resolve("report.md") + " and report.json");
    System.exit(0);
  }

  /** Runs the scenario and returns (and writes) its report. */
  public static RunReport run(ScenarioOptions options) throws Exception {
    return new ScenarioRun(options).execute();
  }

  private RunReport execute() throws Exception {
    Path data = freshDataDir(o.dataDir().toAbsolutePath());
    Instant wallStart = Instant.now();
    long t0 = System.nanoTime();
    SimulatorConfig planned =
        SimulatorConfig.builder()
            .seed(o.seed())
            .devices(o.devices())
            .scenario(o.scenario())
            .simStart(o.simStart())
            .simDuration(o.duration())
            .speed(o.speed())
            .telemetryPeriod(o.telemetryPeriod())
            .outputDir(data.resolve("fleet"))
            .clientIdPrefix("pdm-sim")
            .params(params())
            .build();
    // Registry and ground truth exist before anything that reads them starts.
    Simulation.plan(planned, o.simStart()).writeFiles();
    List<GroundTruthFault> truth = GroundTruthFiles.read(planned.groundTruth());
    List<GroundTruthFault> offline =
        truth.stream().filter(f -> f.kind() == FaultKind.GATEWAY_OFFLINE).toList();
    List<GatewaySplit.Gateway> gateways = GatewaySplit.of(truth);
    log(
        "planned %s: %d devices, %s simulated at %.0fx, %d ground-truth entries, kills: %s",
        o.scenario(), o.devices(), o.duration(), o.speed(), truth.size(), o.kills());
    log(
        "edge gateways: %s",
        gateways.stream()
            .map(
                g ->
                    g.name()
                        + " serves "
                        + g.label()
                        + (g.switchedUplink() ? " (uplink through a switch)" : " (direct uplink)"))
            .toList());

    try (ScenarioSystem system =
        new ScenarioSystem(
            data,
            planned.registryCsv(),
            o.ticketApiJar().toAbsolutePath(),
            gateways,
            o.checkpointInterval().toMillis(),
            o.broker().equals("mosquitto"))) {
      system.start();
      log("system up in %.0f s; waiting for the stream job to consume", seconds(t0));
      StreamJobProbe.awaitConsuming(system.brokerUrl(), Duration.ofMinutes(3));
      try (AlarmTap tap =
          AlarmTap.start(system.brokerUrl(), "pdm-tap-" + ProcessHandle.current().pid())) {
        SimulatorConfig live = planned.toBuilder().brokerUrl(system.brokerUrl()).build();
        PartUsage usage =
            o.bench()
                ? new PartUsage(
                    system.ticketApiPid(), system::gatewayPids, data.resolve("postgres").toString())
                : null;
        PartUsage.Sample before = usage == null ? null : usage.sample();
        Long storedBefore = QuestDbCount.rows(system.questDbUrl());
        SimulatorHandle sim = FleetSimulator.start(live);
        // The simulated clock starts once every site connection is up (minutes at 100,000 devices).
        long simT0 = System.nanoTime();
        PipelineTrace trace = new PipelineTrace();
        java.util.concurrent.atomic.AtomicBoolean simulating =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        long storedAtStart = storedBefore == null ? 0 : storedBefore;
        java.util.concurrent.ScheduledExecutorService tracer =
            o.bench()
                ? java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    r -> {
                      Thread t = new Thread(r, "pdm-trace");
                      t.setDaemon(true);
                      return t;
                    })
                : null;
        if (tracer != null) {
          tracer.scheduleWithFixedDelay(
              () -> trace.add(look(sim, system, simT0, simulating.get(), storedAtStart)),
              0,
              TRACE_EVERY.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        try {
          drive(sim, system, offline);
          sim.awaitDrained(Duration.ofSeconds(60));
          simulating.set(false);
          double simSeconds = seconds(simT0);
          PartUsage.Sample after = usage == null ? null : usage.sample();
          Long storedAfter = QuestDbCount.rows(system.questDbUrl());
          ScenarioSystem.GatewayCounts gatewayAtEnd = system.gatewayTotals();
          long gatewayQueue = gatewayAtEnd.queueDepth();
          // Read now: what the gateway publishes while the run settles is not throughput.
          long gatewayUpstream = gatewayAtEnd.publishedTelemetry() + gatewayAtEnd.publishedAlarms();
          log(
              "simulation done in %.0f s wall (worst lag %d ms); settling",
              simSeconds, sim.maxLagMillis());
          long settleT0 = System.nanoTime();
          boolean settled = settle(system, tap);
          if (tracer != null) {
            tracer.shutdown();
            tracer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            trace.add(look(sim, system, simT0, false, storedAtStart));
          }
          long storedAtEnd = QuestDbCount.rows(system.questDbUrl());
          double settleSeconds = seconds(settleT0);
          sim.failure().ifPresent(f -> problems.add("simulator stopped early: " + f));

          StoreReader store = system.store();
          List<StoredTicket> tickets = store.tickets();
          List<StoredIncident> incidents = store.incidents();
          Instant horizon = sim.simulatedUpTo().minus(o.tail());
          Score score = Scorer.score(truth, tickets, incidents, tap, horizon);
          AlarmCounts alarms = alarmCounts(sim, tap, system, store, incidents, storedAtEnd);
          PublishCounters.Snapshot c = sim.counters().snapshot();
          Throughput throughput =
              new Throughput(
                  (c.telemetryPublished() + c.alarmFramesPublished()) / simSeconds,
                  gatewayUpstream / simSeconds,
                  storedBefore == null || storedAfter == null || storedAfter < 0
                      ? null
                      : (storedAfter - storedBefore) / simSeconds,
                  gatewayQueue);
          RunReport report =
              new RunReport(
                  o.scenario(),
                  o.devices(),
                  o.seed(),
                  o.simStart(),
                  o.duration().toString(),
                  o.speed(),
                  o.telemetryPeriod().toString(),
                  o.kills().toString(),
                  wallStart,
                  seconds(t0),
                  simSeconds,
                  settleSeconds,
                  settled,
                  sim.simulatedUpTo(),
                  sim.maxLagMillis(),
                  List.copyOf(killLog),
                  score,
                  alarms,
                  latency(tickets, tap),
                  throughput,
                  usage == null ? List.of() : usage.between(before, after),
                  usage == null ? List.of() : PartUsage.busiestThreads(before, after, 10),
                  trace.rows(),
                  List.copyOf(problems));
          ReportWriter.write(data, report);
          return report;
        } finally {
          if (tracer != null) {
            tracer.shutdownNow();
          }
          sim.stop();
        }
      }
    }
  }

  /** How often a benchmark run looks at the pipeline ({@link PipelineTrace}). */
  private static final Duration TRACE_EVERY = Duration.ofSeconds(10);

  private PipelineTrace.Look look(
      SimulatorHandle sim,
      ScenarioSystem system,
      long simT0,
      boolean simulating,
      long storedAtStart) {
    PublishCounters.Snapshot c = sim.counters().snapshot();
    ScenarioSystem.GatewayCounts g = system.gatewayTotals();
    long stored = QuestDbCount.rows(system.questDbUrl());
    // Simulated time the clock has reached (at most the end) that the fleet has not yet published.
    long due = Math.min(sim.clock().nowMillis(), o.simStart().plus(o.duration()).toEpochMilli());
    double behind = Math.max(0, due - sim.simulatedUpTo().toEpochMilli()) / o.speed() / 1000;
    return new PipelineTrace.Look(
        seconds(simT0),
        simulating,
        simulating ? behind : 0,
        c.telemetryPublished() + c.alarmFramesPublished(),
        c.telemetryPublished(),
        g.publishedTelemetry() + g.publishedAlarms(),
        g.queueDepth(),
        stored < 0 ? -1 : stored - storedAtStart);
  }

  private ScenarioParams params() {
    ScenarioParams d = ScenarioParams.defaults();
    return o.faultsPerDeviceDay() == null
        ? d
        : d.withBackgroundFaultsPerDeviceDay(o.faultsPerDeviceDay());
  }

  /** Runs the simulation to its end, applying kills and uplink outages at their simulated times. */
  private void drive(SimulatorHandle sim, ScenarioSystem system, List<GroundTruthFault> offline)
      throws Exception {
    record Action(Instant at, String what, Step step) {}
    List<Action> actions = new ArrayList<>();
    for (KillPlan.Kill k : o.kills().kills()) {
      Instant at = o.simStart().plusMillis((long) (k.at() * o.duration().toMillis()));
      actions.add(new Action(at, "kill " + k.part().label(), () -> killAndRestart(system, k, at)));
    }
    for (GroundTruthFault w : offline) {
      long[] cutAt = new long[1];
      actions.add(
          new Action(
              w.startedAt(),
              "uplink of site " + w.site() + "'s gateway cut (the other sites' gateway keeps its)",
              () -> {
                system.uplink(w.site()).cut();
                cutAt[0] = System.nanoTime();
              }));
      actions.add(
          new Action(
              w.endedAt(),
              "uplink of site " + w.site() + "'s gateway restored",
              () -> {
                long queued = system.gatewayQueueDepth(w.site());
                system.uplink(w.site()).restore();
                killLog.add(
                    new KillEvent(
                        "gateway uplink of site "
                            + w.site()
                            + " only ("
                            + queued
                            + " events queued at restore)",
                        w.startedAt(),
                        seconds(cutAt[0]),
                        0,
                        "relay cut"));
                log("site %s's gateway held %d events when its uplink came back", w.site(), queued);
              }));
    }
    actions.sort(Comparator.comparing(Action::at));
    int next = 0;
    while (!sim.isFinished() && sim.failure().isEmpty()) {
      Instant now = sim.simulatedUpTo();
      while (next < actions.size() && !actions.get(next).at().isAfter(now)) {
        Action a = actions.get(next++);
        log("%s at simulated %s", a.what(), a.at());
        a.step().run();
      }
      sim.awaitFinished(Duration.ofMillis(100));
    }
    // Actions after the end of what was simulated (a restore at the very end) still happen.
    while (next < actions.size()) {
      Action a = actions.get(next++);
      log("%s at simulated %s (after the run)", a.what(), a.at());
      a.step().run();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void killAndRestart(ScenarioSystem system, KillPlan.Kill k, Instant at) throws Exception {
    long t = System.nanoTime();
    String how = system.take(k.part());
    log("%s down: %s", k.part().label(), how);
    if (k.part() == KillPlan.Part.GATEWAY
        && system.lastGatewayExits().stream().anyMatch(exit -> exit != 137)) {
      problems.add("the gateway kill did not end every gateway process by SIGKILL: " + how);
    }
    Thread.sleep(o.down().toMillis());
    double down = seconds(t);
    long r = System.nanoTime();
    String back = system.bringBack(k.part());
    String detail = back.isEmpty() ? how : how + "; " + back;
    killLog.add(new KillEvent(k.part().label(), at, down, seconds(r), detail));
    log(
        "%s back after %.1f s down, %.1f s to restart %s",
        k.part().label(), down, seconds(r), back);
  }

  /** Waits until the pipeline has settled ({@link Settle}); gives up after {@code settle}. */
  private boolean settle(ScenarioSystem system, AlarmTap tap) throws InterruptedException {
    StoreReader store = system.store();
    return new Settle(o.settle(), o.quietFor(), system.watermarkIdleness(), o.checkpointInterval())
        .await(
            System::nanoTime,
            () -> Thread.sleep(500),
            () ->
                new Settle.Look(
                    system.gatewayTotals().queueDepth(),
                    List.of(
                        tap.distinctCentralAlarms(),
                        tap.incidentVersions(),
                        store.inboxRows(),
                        QuestDbCount.rows(system.questDbUrl()))),
            problems::add);
  }

  private AlarmCounts alarmCounts(
      SimulatorHandle sim,
      AlarmTap tap,
      ScenarioSystem system,
      StoreReader store,
      List<StoredIncident> incidents,
      long telemetryStored) {
    PublishCounters.Snapshot c = sim.counters().snapshot();
    Map<String, Long> central = tap.centralAlarmsBySerial();
    long lost = 0;
    List<String> lostSerials = new ArrayList<>();
    for (Map.Entry<String, Long> e : sim.counters().alarmTransitionsBySerial().entrySet()) {
      long shortfall = e.getValue() - central.getOrDefault(e.getKey(), 0L);
      if (shortfall > 0) {
        lost += shortfall;
        if (lostSerials.size() < 20) {
          lostSerials.add(e.getKey() + " (" + shortfall + ")");
        }
      }
    }
    ScenarioSystem.GatewayCounts g = system.gatewayTotals();
    return new AlarmCounts(
        c.alarmFramesPublished(),
        c.alarmFramesAcknowledged(),
        c.alarmTransitionsPublished(),
        c.resent(),
        tap.distinctFrames(),
        g.receivedAlarmFrames(),
        g.rateLimitedAlarmFrames(),
        g.publishedAlarms(),
        tap.distinctCentralAlarms(),
        tap.centralMessages(),
        lost,
        lostSerials,
        tap.incidentVersions(),
        tap.batchSignalVersions(),
        store.inboxRows(),
        incidents.size(),
        c.telemetryPublished(),
        c.telemetryDropped(),
        g.droppedTelemetry(),
        telemetryStored);
  }

  /** Alarm frame at the broker to ticket commit, over tickets opened by fault incidents. */
  static Latency latency(List<StoredTicket> tickets, Scorer.PublishTimes times) {
    List<Double> seconds = new ArrayList<>();
    for (StoredTicket t : tickets) {
      if (t.openedBy() == null || !"FAULT".equals(t.openedBy().kind()) || t.serial() == null) {
        continue;
      }
      times
          .firstSeen(t.serial(), t.openedBy().firstSeen())
          .ifPresent(p -> seconds.add(Duration.between(p, t.createdAt()).toMillis() / 1000.0));
    }
    if (seconds.isEmpty()) {
      return new Latency(0, null, null, null);
    }
    seconds.sort(Double::compare);
    return new Latency(
        seconds.size(),
        percentile(seconds, 0.50),
        percentile(seconds, 0.99),
        seconds.get(seconds.size() - 1));
  }

  static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Path freshDataDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      }
      boolean onlyLogs;
      try (Stream<Path> s = Files.list(dir)) {
        onlyLogs = s.allMatch(p -> p.getFileName().toString().equals("logs"));
      }
      if (!empty && !onlyLogs && !Files.exists(dir.resolve(MARKER))) {
        throw new IllegalArgumentException(
            dir
                + " holds something else; a scenario run needs an empty or earlier run's directory");
      }
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir) && !p.startsWith(dir.resolve("logs"))) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve(MARKER), "data of a scenario run; wiped by the next one\n");
    return dir;
  }

  private static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        "[scenario %tT] %s%n", Instant.now().toEpochMilli(), String.format(format, args));
  }
}
