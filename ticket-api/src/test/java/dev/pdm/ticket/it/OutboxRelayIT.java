package dev.pdm.ticket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.model.topic.Topics;
import dev.pdm.ticket.db.Outbox;
import dev.pdm.ticket.db.OutboxRelay;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Outbox rows reach the broker through the scheduled relay: once each while the broker is up, and,
 * when it was down, after it returns, without loss.
 */
@QuarkusTest
@WithTestResource(SchedulingTestResource.class)
class OutboxRelayIT {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  @Inject Pool pool;
  @Inject Outbox outbox;
  @Inject OutboxRelay relay;

  @Test
  void everyOutboxEventIsPublishedOnceWithAStableId() throws Exception {
    try (EventCollector events =
        new EventCollector(SchedulingTestResource.broker().url(), Topics.TICKET_EVENTS)) {
      List<Long> ids = write("steady", 25);

      await().atMost(PATIENCE).until(() -> unpublished(ids) == 0);
      String marker = "ticket-event-" + write("marker", 1).get(0);
      await().atMost(PATIENCE).until(() -> events.count(marker) == 1);

      for (long id : ids) {
        assertThat(events.count(OutboxRelay.eventId(id))).as("event %d", id).isEqualTo(1);
      }
    }
  }

  @Test
  void eventsWrittenWhileTheBrokerIsDownArriveAfterItReturns() throws Exception {
    try (EventCollector events =
        new EventCollector(SchedulingTestResource.broker().url(), Topics.TICKET_EVENTS)) {
      SchedulingTestResource.broker().stop();
      try {
        List<Long> ids = write("outage", 10);
        // a round while the broker is away publishes nothing and marks nothing
        assertThat(relay.relayOnce()).isZero();
        assertThat(unpublished(ids)).isEqualTo(10);
      } finally {
        SchedulingTestResource.broker().restart();
      }
      List<Long> ids = idsOf("outage");

      await().atMost(PATIENCE).until(() -> unpublished(ids) == 0);
      await()
          .atMost(PATIENCE)
          .until(() -> ids.stream().allMatch(id -> events.count(OutboxRelay.eventId(id)) >= 1));
      String marker = "ticket-event-" + write("after-outage", 1).get(0);
      await().atMost(PATIENCE).until(() -> events.count(marker) == 1);

      for (long id : ids) {
        assertThat(events.count(OutboxRelay.eventId(id))).as("event %d", id).isEqualTo(1);
      }
      assertThat(events.received())
          .filteredOn(e -> "outage".equals(e.path("test").asText()))
          .extracting(e -> e.path("n").asInt())
          .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  /** Writes {@code n} outbox events tagged {@code test}, in one transaction; returns their ids. */
  List<Long> write(String test, int n) {
    Instant now = Instant.now();
    pool.withTransaction(
            db -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (int i = 0; i < n; i++) {
                var payload = JSON.createObjectNode().put("test", test).put("n", i);
                chain = chain.chain(() -> outbox.publish(db, Topics.TICKET_EVENTS, payload, now));
              }
              return chain;
            })
        .await()
        .atMost(Duration.ofSeconds(30));
    return idsOf(test);
  }

  List<Long> idsOf(String test) {
    List<Long> ids = new ArrayList<>();
    pool.preparedQuery("SELECT id FROM outbox WHERE payload ->> 'test' = $1 ORDER BY id")
        .execute(Tuple.of(test))
        .await()
        .atMost(Duration.ofSeconds(10))
        .forEach(r -> ids.add(r.getLong(0)));
    return ids;
  }

  long unpublished(List<Long> ids) {
    return pool.preparedQuery(
            "SELECT count(*) FROM outbox WHERE published_at IS NULL AND id = ANY ($1)")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }
}
