package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.act;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.ticket.sla.SlaScheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class SlaIT {

  static final String REGION = "Sla";

  @Inject SlaScheduler scheduler;
  @Inject Pool pool;

  @BeforeEach
  void engineers() {
    Api.group("sla-inv", REGION, "INVERTER");
    Api.engineer("sla-eli", "sla-inv", 1000, "inverter");
  }

  /** Platinum P1 runs round the clock: 15 min response, 240 min resolution. */
  long platinumP1() {
    String serial = Api.device(Api.newSerial("SLA"), REGION, "PLATINUM", "CUST-SLA");
    return Api.createFault(serial, "P1");
  }

  @Test
  void aNewTicketGetsDueInstantsFromThePolicyOfItsTierAndPriority() {
    long id = platinumP1();
    JsonPath t = Api.get(id).then().extract().jsonPath();
    Instant created = Instant.parse(t.getString("createdAt"));
    assertThat(Instant.parse(t.getString("responseDueAt")))
        .isEqualTo(created.plus(Duration.ofMinutes(15)));
    assertThat(Instant.parse(t.getString("resolutionDueAt")))
        .isEqualTo(created.plus(Duration.ofMinutes(240)));
  }

  @Test
  void theCreateResponseIsTheTicketAsItIsReadBack() {
    String serial = Api.device(Api.newSerial("SLA"), REGION, "GOLD", "CUST-SLA");
    io.restassured.response.Response created = Api.create(Api.faultTicket(serial, "P2"));
    created.then().statusCode(201);
    long id = created.jsonPath().getLong("id");
    Map<String, Object> read = Api.get(id).then().statusCode(200).extract().jsonPath().getMap("");

    assertThat(created.jsonPath().getMap("")).isEqualTo(read);
    assertThat(read.get("responseDueAt")).isNotNull();
    assertThat(created.header("ETag")).isEqualTo(Api.get(id).header("ETag"));
  }

  @Test
  void officeHourTargetsAreMeasuredOnTheBusinessCalendarOfTheSite() {
    String serial = Api.device(Api.newSerial("SLA"), REGION, "STANDARD", "CUST-SLA");
    long id = Api.createFault(serial, "P4");
    JsonPath sla =
        Api.as(Tokens.dispatcher())
            .get("/tickets/" + id + "/sla")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(sla.getList("clocks.calendar", String.class)).containsOnly("office");
    assertThat(sla.getList("clocks.zone", String.class)).containsOnly("Asia/Shanghai");
    JsonPath t = Api.get(id).then().extract().jsonPath();
    // 9600 business minutes = 16 working days of 10 h: always more than 16 calendar days
    assertThat(
            Duration.between(
                Instant.parse(t.getString("createdAt")),
                Instant.parse(t.getString("resolutionDueAt"))))
        .isGreaterThan(Duration.ofDays(16));
  }

  @Test
  void holdPausesTheClocksAndResumeAddsThePausedTime() {
    long id = platinumP1();
    Api.assign(id, "sla-eli").then().statusCode(200);
    Instant dueBefore = Instant.parse(Api.get(id).then().extract().path("resolutionDueAt"));

    JsonPath held =
        act(Tokens.engineer(), id, Map.of("action", "HOLD", "holdReason", "WAITING_FOR_CUSTOMER"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Instant heldAt = Instant.parse(held.getString("updatedAt"));
    JsonPath sla =
        Api.as(Tokens.dispatcher()).get("/tickets/" + id + "/sla").then().extract().jsonPath();
    assertThat(sla.getList("clocks.paused", Boolean.class)).containsOnly(true);
    assertThat(sla.getList("clocks.nextFireAt")).containsOnly((Object) null);

    await().until(() -> Instant.now().isAfter(heldAt.plusMillis(200)));
    JsonPath resumed = act(id, "RESUME").then().statusCode(200).extract().jsonPath();
    Instant resumedAt = Instant.parse(resumed.getString("updatedAt"));
    Instant dueAfter = Instant.parse(resumed.getString("resolutionDueAt"));

    assertThat(dueAfter).isEqualTo(dueBefore.plus(Duration.between(heldAt, resumedAt)));
    assertThat(dueAfter).isAfter(dueBefore);
  }

  @Test
  void aWarningFiresAtEightyPercentBeforeTheBreach() {
    long id = platinumP1();
    Instant created = Instant.parse(Api.get(id).then().extract().path("createdAt"));

    drain(created.plus(Duration.ofMinutes(13))); // response warning at 12 min, breach at 15
    assertThat(events(id)).containsExactly("RESPONSE:0");

    drain(created.plus(Duration.ofMinutes(16)));
    assertThat(events(id)).containsExactly("RESPONSE:0", "RESPONSE:1");
  }

  @Test
  void startingWorkStopsTheResponseClock() {
    long id = platinumP1();
    Api.assign(id, "sla-eli").then().statusCode(200);
    act(id, "START").then().statusCode(200);
    Instant created = Instant.parse(Api.get(id).then().extract().path("createdAt"));

    drain(created.plus(Duration.ofMinutes(30)));
    assertThat(events(id)).isEmpty(); // resolution warning comes at 192 min, response is stopped
  }

  @Test
  void twoConcurrentSchedulerRunsFireEachLevelExactlyOnce() {
    long id = platinumP1();
    Instant later = Instant.now().plus(Duration.ofDays(10));

    List<Integer> fired =
        Uni.join()
            .all(scheduler.runOnce(later), scheduler.runOnce(later))
            .andFailFast()
            .await()
            .atMost(Duration.ofSeconds(60));
    drain(later);

    assertThat(fired).hasSize(2);
    assertThat(events(id))
        .containsExactlyInAnyOrder(
            "RESPONSE:0",
            "RESPONSE:1",
            "RESPONSE:2",
            "RESPONSE:3",
            "RESOLUTION:0",
            "RESOLUTION:1",
            "RESOLUTION:2",
            "RESOLUTION:3");
    assertThat(outboxEvents(id)).isEqualTo(8);
    assertThat(Api.get(id).then().extract().jsonPath().getInt("escalationLevel")).isEqualTo(3);

    // Nothing of this ticket fires again; other tests' tickets in the same database, whose due
    // instants depend on today's date and business hours, may.
    drain(later.plus(Duration.ofDays(1)));
    assertThat(events(id)).hasSize(8);
    assertThat(outboxEvents(id)).isEqualTo(8);
  }

  /** Runs the scheduler until nothing more is due (other tests' tickets may be due too). */
  void drain(Instant now) {
    for (int i = 0; i < 100; i++) {
      if (scheduler.runOnce(now).await().atMost(Duration.ofSeconds(30)) == 0) {
        return;
      }
    }
  }

  List<String> events(long ticket) {
    List<String> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery("SELECT clock, level FROM sla_event WHERE ticket_id = $1 ORDER BY id")
            .execute(Tuple.of(ticket))
            .await()
            .atMost(Duration.ofSeconds(10))) {
      out.add(r.getString(0) + ":" + r.getInteger(1));
    }
    return out;
  }

  long outboxEvents(long ticket) {
    return pool.preparedQuery(
            "SELECT count(*) FROM outbox WHERE (payload ->> 'ticketId')::bigint = $1")
        .execute(Tuple.of(ticket))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }
}
