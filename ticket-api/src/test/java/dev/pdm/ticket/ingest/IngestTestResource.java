package dev.pdm.ticket.ingest;

import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.PostgresDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A fresh database and a private Mosquitto for the ingestion tests, with ingestion switched on. The
 * broker is reachable from the tests through {@link #broker()}.
 */
public class IngestTestResource implements QuarkusTestResourceLifecycleManager {

  private static volatile MosquittoBroker broker;

  public static MosquittoBroker broker() {
    return broker;
  }

  @Override
  public Map<String, String> start() {
    broker = MosquittoBroker.start();
    String jdbc = PostgresDatabases.createFresh("ticketingest");
    return Map.of(
        "quarkus.datasource.jdbc.url",
        jdbc,
        "quarkus.datasource.reactive.url",
        jdbc.substring("jdbc:".length()),
        "quarkus.datasource.username",
        PostgresDatabases.user(),
        "quarkus.datasource.password",
        "",
        "pdm.mqtt.enabled",
        "true",
        "pdm.mqtt.host",
        "127.0.0.1",
        "pdm.mqtt.port",
        String.valueOf(broker.port()),
        "pdm.mqtt.client-id",
        "ticket-api-it");
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }
}
