package dev.pdm.ticket.ingest;

import static dev.pdm.ticket.ingest.Incidents.GROUND_FAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.topic.Topics;
import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.ticket.it.Api;
import dev.pdm.ticket.it.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The central broker (the project's Mosquitto) is killed with SIGKILL and restarted on its store,
 * and incidents are published right after, while the ingestor's automatic reconnect has not brought
 * it back yet. Mosquitto 2.0 restores the ingestor's session with its plain subscriptions but not
 * shared ones, so a single replica subscribing plainly must ticket every one of them.
 */
@QuarkusTest
@WithTestResource(PlainSubscriptionTestResource.class)
class BrokerRestartIngestIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final int WHILE_AWAY = 20;

  @Test
  void incidentsPublishedBeforeTheIngestorIsBackFromABrokerKillAreAllTicketed() throws Exception {
    MosquittoBroker broker = IngestTestResource.broker();
    Incident before =
        Incidents.fault(Fleet.inverter("B-KILL"), GROUND_FAULT, Severity.CRITICAL).build();
    List<Incident> whileAway = new ArrayList<>();
    for (int i = 0; i < WHILE_AWAY; i++) {
      whileAway.add(
          Incidents.fault(Fleet.inverter("B-KILL"), GROUND_FAULT, Severity.CRITICAL).build());
    }
    try (BrokerClient publisher = new BrokerClient(broker.url())) {
      publisher.publish(Topics.INCIDENTS, before);
    }
    awaitApplied(before.incidentId());

    // Kill once the store holds the session and its subscriptions: a kill inside the autosave
    // interval loses them by the broker's design, which is not what this test is about.
    FileTime subscribed = FileTime.from(Instant.now());
    await().atMost(PATIENCE).until(() -> broker.lastSaved().compareTo(subscribed) > 0);
    broker.kill();
    broker.restart();
    try (BrokerClient publisher = new BrokerClient(broker.url())) {
      for (Incident incident : whileAway) {
        publisher.publish(Topics.INCIDENTS, incident);
      }
    }

    for (Incident incident : whileAway) {
      assertThat(awaitApplied(incident.incidentId()))
          .as(incident.incidentId())
          .containsEntry("outcome", "APPLIED")
          .containsEntry("decisionKind", "OPEN");
    }
  }

  private static Map<String, Object> awaitApplied(String incidentId) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                Api.as(Tokens.of("rita.reliability", "reliability"))
                    .get("/ingest/subjects/" + incidentId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .<Map<String, Object>>getList("$")
                    .stream()
                    .findFirst()
                    .orElse(null),
            r -> r != null);
  }
}
