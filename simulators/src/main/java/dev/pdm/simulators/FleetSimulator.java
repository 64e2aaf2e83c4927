package dev.pdm.simulators;

import dev.pdm.simulators.clock.SimClock;
import dev.pdm.simulators.fleet.Site;
import dev.pdm.simulators.generator.DeviceMessage;
import dev.pdm.simulators.publish.PacedRun;
import dev.pdm.simulators.publish.PublishCounters;
import dev.pdm.simulators.publish.SitePublisher;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Entry point for the launcher and the end-to-end harness. */
public final class FleetSimulator {

  private FleetSimulator() {}

  /**
   * Plans the run, writes registry and ground truth, connects one MQTT client per site and starts
   * publishing on a background thread. Fails fast (nothing left running) on an invalid config or an
   * unreachable broker.
   */
  public static SimulatorHandle start(SimulatorConfig config) {
    Instant simStart =
        config.simStart() != null
            ? config.simStart()
            : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Simulation simulation = Simulation.plan(config, simStart).writeFiles();
    PublishCounters counters = new PublishCounters();
    Map<String, SitePublisher> publishers = new LinkedHashMap<>();
    try {
      for (Site site : simulation.fleet().sites()) {
        SitePublisher publisher =
            new SitePublisher(
                site.siteId(),
                config.brokerUrlFor(site.siteId()),
                config.clientIdPrefix() + "-" + site.siteId(),
                config.publishBufferSize(),
                counters);
        publishers.put(site.siteId(), publisher);
        publisher.connect(15_000);
      }
    } catch (RuntimeException e) {
      publishers.values().forEach(SitePublisher::close);
      throw e;
    }
    Consumer<DeviceMessage> sink =
        m -> {
          counters.generated(m);
          publishers.get(m.siteId()).publish(m);
        };
    SimClock clock = SimClock.startingNow(simStart, config.speed());
    PacedRun run = new PacedRun(simulation.newGenerator(), clock, sink);
    Thread thread = new Thread(run, "pdm-simulator");
    thread.setDaemon(true);
    thread.start();
    return new SimulatorHandle(simulation, clock, run, thread, publishers, counters);
  }
}
