package dev.pdm.ticket.it;

import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.PostgresDatabases;
import java.util.Map;

/**
 * The application as it runs in production with respect to time: the scheduler on (it is off in the
 * other tests), SLA sweeps and outbox relay rounds every second, outbox events going to a private
 * Mosquitto. A database of its own, so due clocks of other tests do not interfere.
 */
public class SchedulingTestResource
    implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {

  static final String REPLICA = "replica-a";

  private static volatile MosquittoBroker broker;

  static MosquittoBroker broker() {
    return broker;
  }

  @Override
  public Map<String, String> start() {
    broker = MosquittoBroker.start();
    String jdbc = PostgresDatabases.createFresh("ticketsched");
    return Map.ofEntries(
        Map.entry("quarkus.datasource.jdbc.url", jdbc),
        Map.entry("quarkus.datasource.reactive.url", jdbc.substring("jdbc:".length())),
        Map.entry("quarkus.datasource.username", PostgresDatabases.user()),
        Map.entry("quarkus.datasource.password", ""),
        Map.entry("quarkus.scheduler.enabled", "true"),
        Map.entry("pdm.sla.scan-interval", "1s"),
        Map.entry("pdm.sla.replica-name", REPLICA),
        Map.entry("pdm.outbox.enabled", "true"),
        Map.entry("pdm.outbox.interval", "1s"),
        Map.entry("pdm.mqtt.host", "127.0.0.1"),
        Map.entry("pdm.mqtt.port", String.valueOf(broker.port())),
        Map.entry("pdm.mqtt.client-id", "ticket-api-sched-it"));
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }
}
