package dev.pdm.ticket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.model.topic.Topics;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.db.Outbox;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketType;
import dev.pdm.ticket.security.Caller;
import dev.pdm.ticket.sla.SlaScheduler;
import dev.pdm.ticket.sla.SlaService;
import dev.pdm.ticket.sla.SlaStore;
import dev.pdm.ticket.tickets.NewTicket;
import dev.pdm.ticket.tickets.TicketService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The periodic SLA sweep itself (not a direct call): a ticket whose clock passed its warning and
 * its breach while nobody looked gets each level once, recorded with the replica that fired it and
 * published as an event; a second scheduler sweeping the same database at the same time (as a
 * second replica does) never makes a level fire twice.
 */
@QuarkusTest
@WithTestResource(SchedulingTestResource.class)
class ScheduledSlaIT {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  /**
   * Platinum P1: 15 min response round the clock, so 17 minutes after opening the warning (12 min)
   * and the breach (15 min) are due and L2 (22.5 min) is not.
   */
  static final Duration OPENED_AGO = Duration.ofMinutes(17);

  @Inject Pool pool;
  @Inject TicketService tickets;
  @Inject SlaScheduler scheduler;
  @Inject SlaStore slaStore;
  @Inject SlaService sla;
  @Inject Outbox outbox;
  @Inject ObjectMapper mapper;
  @Inject Clock clock;
  @Inject TicketApiConfig config;

  @Test
  void theScheduledSweepFiresTheWarningAndTheBreachOnceEachAndPublishesThem() throws Exception {
    try (EventCollector events =
        new EventCollector(SchedulingTestResource.broker().url(), Topics.TICKET_EVENTS)) {
      long id = openTickets(1).get(0);

      await().atMost(PATIENCE).until(() -> events(id).size() == 2);
      long sweeps = scheduler.scheduledSweeps();
      await().atMost(PATIENCE).until(() -> scheduler.scheduledSweeps() >= sweeps + 2);

      assertThat(events(id))
          .containsExactly(
              "RESPONSE:0:WARNING:" + SchedulingTestResource.REPLICA,
              "RESPONSE:1:ESCALATION:" + SchedulingTestResource.REPLICA);
      assertThat(outboxRows(id)).isEqualTo(2);
      String warning = SlaScheduler.eventId(id, "RESPONSE", 0);
      String breach = SlaScheduler.eventId(id, "RESPONSE", 1);
      await().atMost(PATIENCE).until(() -> events.count(warning) == 1 && events.count(breach) == 1);
      assertThat(events.received())
          .filteredOn(e -> e.path("ticketId").asLong() == id)
          .extracting(e -> e.path("event").asText())
          .containsExactly("sla-warning", "sla-breach");
      Api.get(id).then().statusCode(200);
      assertThat(Api.get(id).jsonPath().getInt("escalationLevel")).isEqualTo(1);
    }
  }

  @Test
  void aSecondReplicaSweepingTheSameDatabaseNeverFiresALevelTwice() throws Exception {
    SlaScheduler replicaB =
        new SlaScheduler(pool, slaStore, sla, outbox, mapper, clock, renamed(config, "replica-b"));
    AtomicBoolean sweeping = new AtomicBoolean(true);
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread b =
        new Thread(
            () -> {
              while (sweeping.get()) {
                try {
                  replicaB.runOnce(clock.instant()).await().atMost(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              }
            },
            "replica-b-sweeps");
    b.start();
    List<Long> ids;
    try {
      ids = openTickets(8);
      await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> events(id).size() == 2));
      long sweeps = scheduler.scheduledSweeps();
      await().atMost(PATIENCE).until(() -> scheduler.scheduledSweeps() >= sweeps + 2);
    } finally {
      sweeping.set(false);
      b.join();
    }

    assertThat(failures).isEmpty();
    for (long id : ids) {
      assertThat(events(id))
          .as("ticket %d", id)
          .extracting(e -> e.substring(0, e.lastIndexOf(':')))
          .containsExactly("RESPONSE:0:WARNING", "RESPONSE:1:ESCALATION");
      assertThat(outboxRows(id)).as("ticket %d", id).isEqualTo(2);
    }
  }

  /** Opens Platinum P1 tickets as if {@link #OPENED_AGO} ago, in one transaction. */
  List<Long> openTickets(int n) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      serials.add(Api.device(Api.newSerial("SCHED"), "Sched", "PLATINUM", "CUST-SCHED"));
    }
    Instant openedAt = Instant.now().minus(OPENED_AGO);
    List<Long> ids = new ArrayList<>();
    pool.withTransaction(
            db -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (String serial : serials) {
                NewTicket cmd =
                    new NewTicket(
                        TicketType.DEVICE_FAULT,
                        Priority.P1,
                        "Ground fault on " + serial,
                        null,
                        serial,
                        null,
                        null,
                        null,
                        null,
                        List.of("sunspec-inv:GROUND_FAULT"),
                        null,
                        null,
                        null,
                        null,
                        false,
                        null);
                chain =
                    chain.chain(
                        () ->
                            tickets
                                .create(db, cmd, Caller.system("test"), openedAt)
                                .invoke(t -> ids.add(t.id()))
                                .replaceWithVoid());
              }
              return chain;
            })
        .await()
        .atMost(Duration.ofSeconds(30));
    return ids;
  }

  /** clock:level:kind:replica of the ticket's fired SLA events, in firing order. */
  List<String> events(long ticket) {
    List<String> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT clock, level, kind, fired_by FROM sla_event WHERE ticket_id = $1"
                    + " ORDER BY level, clock")
            .execute(Tuple.of(ticket))
            .await()
            .atMost(Duration.ofSeconds(10))) {
      out.add(r.getString(0) + ":" + r.getInteger(1) + ":" + r.getString(2) + ":" + r.getString(3));
    }
    return out;
  }

  long outboxRows(long ticket) {
    return pool.preparedQuery(
            "SELECT count(*) FROM outbox WHERE (payload ->> 'ticketId')::bigint = $1")
        .execute(Tuple.of(ticket))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }

  /** The same configuration under another replica name: what a second replica runs with. */
  static TicketApiConfig renamed(TicketApiConfig base, String replica) {
    TicketApiConfig.Sla sla =
        (TicketApiConfig.Sla)
            Proxy.newProxyInstance(
                TicketApiConfig.class.getClassLoader(),
                new Class<?>[] {TicketApiConfig.Sla.class},
                (p, m, args) ->
                    m.getName().equals("replicaName") ? replica : m.invoke(base.sla(), args));
    return (TicketApiConfig)
        Proxy.newProxyInstance(
            TicketApiConfig.class.getClassLoader(),
            new Class<?>[] {TicketApiConfig.class},
            (p, m, args) -> m.getName().equals("sla") ? sla : m.invoke(base, args));
  }
}
