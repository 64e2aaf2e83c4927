package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class AssignmentIT {

  long ticketIn(String region) {
    String serial = Api.device(Api.newSerial("AS"), region, "SILVER", "CUST-AS");
    return Api.createFault(serial, "P3");
  }

  int openCount(String engineer) {
    List<Map<String, Object>> all =
        as(Tokens.manager())
            .get("/engineers")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return all.stream()
        .filter(e -> e.get("id").equals(engineer))
        .map(e -> (Integer) e.get("openCount"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void autoAssignPicksTheQualifiedEngineerWithTheLeastLoad() {
    Api.group("as1-inv", "AutoOne", "INVERTER");
    Api.group("as1-bms", "AutoOne", "BMS");
    Api.engineer("as1-busy", "as1-inv", 3, "inverter");
    Api.engineer("as1-free", "as1-inv", 3, "inverter");
    Api.engineer("as1-battery", "as1-bms", 3, "bms");
    Api.assign(ticketIn("AutoOne"), "as1-busy").then().statusCode(200);

    Api.assign(ticketIn("AutoOne"), null)
        .then()
        .statusCode(200)
        .body("assignee", equalTo("as1-free"))
        .body("groupId", equalTo("as1-inv"))
        .body("status", equalTo("ASSIGNED"));
  }

  @Test
  void concurrentAutoAssignmentsNeverExceedAnEngineersThreshold() throws Exception {
    Api.group("as2-inv", "AutoTwo", "INVERTER");
    Api.engineer("as2-only", "as2-inv", 2, "inverter");
    List<Long> tickets = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tickets.add(ticketIn("AutoTwo"));
    }
    List<String> etags = tickets.stream().map(Api::etag).toList();
    String token = Tokens.dispatcher();

    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < tickets.size(); i++) {
      long id = tickets.get(i);
      String etag = etags.get(i);
      Callable<Integer> call =
          () ->
              as(token)
                  .header("If-Match", etag)
                  .body(Map.of())
                  .post("/tickets/" + id + "/assignment")
                  .statusCode();
      results.add(pool.submit(call));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : results) {
      statuses.add(f.get());
    }
    pool.shutdown();

    assertThat(statuses).filteredOn(s -> s == 200).hasSize(2);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(4);
    assertThat(openCount("as2-only")).isEqualTo(2);
  }

  @Test
  void creatingWithAutoAssignLeavesTheTicketNewWhenNobodyHasRoom() {
    Api.group("as3-inv", "AutoThree", "INVERTER");
    Api.engineer("as3-full", "as3-inv", 0, "inverter");
    String serial = Api.device(Api.newSerial("AS"), "AutoThree", "SILVER", "CUST-AS");
    Map<String, Object> body = new java.util.HashMap<>(Api.faultTicket(serial, "P3"));
    body.put("autoAssign", true);
    Api.create(body)
        .then()
        .statusCode(201)
        .body("status", equalTo("NEW"))
        .body("assignee", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void anEngineerAtTheirThresholdCannotBeAssignedByHand() {
    Api.group("as4-inv", "AutoFour", "INVERTER");
    Api.engineer("as4-one", "as4-inv", 1, "inverter");
    Api.assign(ticketIn("AutoFour"), "as4-one").then().statusCode(200);
    Api.assign(ticketIn("AutoFour"), "as4-one")
        .then()
        .statusCode(409)
        .body("type", equalTo("https://pdm.local/problems/engineer-at-capacity"));
  }

  @Test
  void aManualReassignmentIsAuditedAndMovesTheLoad() {
    Api.group("as5-inv", "AutoFive", "INVERTER");
    Api.engineer("as5-first", "as5-inv", 5, "inverter");
    Api.engineer("as5-second", "as5-inv", 5, "inverter");
    long id = ticketIn("AutoFive");
    Api.assign(id, "as5-first").then().statusCode(200);
    Api.assign(id, "as5-second").then().statusCode(200).body("assignee", equalTo("as5-second"));

    assertThat(openCount("as5-first")).isZero();
    assertThat(openCount("as5-second")).isEqualTo(1);
    JsonPath audit =
        as(Tokens.manager()).get("/tickets/" + id + "/audit").then().extract().jsonPath();
    assertThat(audit.getString("[2].action")).isEqualTo("REASSIGN");
    assertThat(audit.getString("[2].before.assignee")).isEqualTo("as5-first");
    assertThat(audit.getString("[2].after.assignee")).isEqualTo("as5-second");
  }

  @Test
  void resolvingReleasesTheEngineersLoad() {
    Api.group("as6-inv", "AutoSix", "INVERTER");
    Api.engineer("as6-eng", "as6-inv", 1, "inverter");
    long id = ticketIn("AutoSix");
    Api.assign(id, "as6-eng").then().statusCode(200);
    Api.act(id, "START").then().statusCode(200);
    Api.patch(id, Map.of("rootCause", "tripped breaker", "noParts", true)).then().statusCode(200);
    Api.act(id, "RESOLVE").then().statusCode(200);
    assertThat(openCount("as6-eng")).isZero();
    Api.assign(ticketIn("AutoSix"), "as6-eng").then().statusCode(200);
  }
}
