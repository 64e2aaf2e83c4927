package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.act;
import static dev.pdm.ticket.it.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LifecycleIT {

  static final String REGION = "Lifecycle";

  @BeforeEach
  void engineers() {
    Api.group("lc-inv", REGION, "INVERTER");
    Api.engineer("lc-eli", "lc-inv", 1000, "inverter");
  }

  long assignedTicket(String type) {
    String serial = Api.device(Api.newSerial("LC"), REGION, "GOLD", "CUST-LC");
    Map<String, Object> body = new java.util.HashMap<>(Api.faultTicket(serial, "P2"));
    body.put("type", type);
    long id = Api.create(body).then().statusCode(201).extract().jsonPath().getLong("id");
    Api.assign(id, "lc-eli").then().statusCode(200).body("status", equalTo("ASSIGNED"));
    return id;
  }

  long inService(String type) {
    long id = assignedTicket(type);
    act(id, "START").then().statusCode(200).body("status", equalTo("IN_SERVICE"));
    return id;
  }

  @Test
  void aTicketRunsTheWholeLifecycleOnceEveryRequirementIsMet() {
    long id = inService("DEVICE_FAULT");
    long subtask =
        as(Tokens.engineer())
            .body(Map.of("title", "replace DC connector"))
            .post("/tickets/" + id + "/subtasks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    Api.patch(id, Map.of("rootCause", "corroded DC connector", "partsUsed", List.of("MC4-PAIR")))
        .then()
        .statusCode(200);
    act(id, "RESOLVE").then().statusCode(200).body("status", equalTo("RESOLVED"));
    act(id, "FOLLOW_UP").then().statusCode(200).body("status", equalTo("FOLLOW_UP"));

    act(id, "CLOSE")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("subtasks"));

    as(Tokens.engineer())
        .post("/tickets/" + id + "/subtasks/" + subtask + "/done")
        .then()
        .statusCode(200);
    as(Tokens.dispatcher())
        .header("If-Match", Api.etag(id))
        .body(Map.of("satisfaction", 5, "note", "fixed on first visit"))
        .post("/tickets/" + id + "/follow-up")
        .then()
        .statusCode(200)
        .body("satisfaction", equalTo(5));
    act(id, "CLOSE")
        .then()
        .statusCode(200)
        .body("status", equalTo("CLOSED"))
        .body("closedAt", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void resolvingWithoutRootCauseAndPartsIsRefusedNamingBoth() {
    long id = inService("DEVICE_FAULT");
    act(id, "RESOLVE")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", startsWith("https://pdm.local/problems/"))
        .body("status", equalTo(422))
        .body("errors.field", containsInAnyOrder("rootCause", "partsUsed"));
    Api.get(id).then().body("status", equalTo("IN_SERVICE"));
  }

  @Test
  void anExplicitNoPartsIsEnoughToResolve() {
    long id = inService("REMOTE_DIAGNOSIS");
    Api.patch(id, Map.of("rootCause", "firmware watchdog", "noParts", true)).then().statusCode(200);
    act(id, "RESOLVE").then().statusCode(200).body("status", equalTo("RESOLVED"));
  }

  @Test
  void aWarrantyRmaNeedsEvidenceBeforeResolved() {
    long id = inService("WARRANTY_RMA");
    Api.patch(id, Map.of("rootCause", "IGBT failure", "partsUsed", List.of("IGBT-MODULE")))
        .then()
        .statusCode(200);
    act(id, "RESOLVE").then().statusCode(422).body("errors.field", containsInAnyOrder("evidence"));

    Api.patch(
            id,
            Map.of(
                "evidence",
                Map.of("window", "2026-03-01T00:00Z/PT1H", "dcVoltage", List.of(812.0, 0.0))))
        .then()
        .statusCode(200);
    act(id, "RESOLVE").then().statusCode(200).body("status", equalTo("RESOLVED"));
  }

  @Test
  void anIllegalTransitionIsAConflictNamingTheStatus() {
    String serial = Api.device(Api.newSerial("LC"), REGION, "GOLD", "CUST-LC");
    long id = Api.createFault(serial, "P3");
    act(id, "START")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://pdm.local/problems/illegal-transition"))
        .body("detail", org.hamcrest.Matchers.containsString("NEW"));
    act(id, "CLOSE").then().statusCode(409);
  }

  @Test
  void holdNeedsAReasonAndResumeReturnsToWork() {
    long id = inService("DEVICE_FAULT");
    act(id, "HOLD").then().statusCode(422).body("errors.field", containsInAnyOrder("holdReason"));
    act(Tokens.engineer(), id, Map.of("action", "HOLD", "holdReason", "WAITING_FOR_PARTS"))
        .then()
        .statusCode(200)
        .body("status", equalTo("ON_HOLD"))
        .body("holdReason", equalTo("WAITING_FOR_PARTS"));
    act(id, "RESUME")
        .then()
        .statusCode(200)
        .body("status", equalTo("IN_SERVICE"))
        .body("holdReason", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void cancelNeedsAReasonAndReleasesTheEngineer() {
    long id = assignedTicket("INSPECTION");
    act(id, "CANCEL").then().statusCode(422).body("errors.field", containsInAnyOrder("reason"));
    act(
            Tokens.dispatcher(),
            id,
            Map.of("action", "CANCEL", "reason", "duplicate of another ticket"))
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    act(Tokens.dispatcher(), id, Map.of("action", "REOPEN", "reason", "x")).then().statusCode(409);
  }

  @Test
  void aClosedTicketReopensToItsEngineerAndCountsAgainstFirstTimeFix() {
    long id = inService("DEVICE_FAULT");
    Api.patch(id, Map.of("rootCause", "loose cable", "noParts", true)).then().statusCode(200);
    act(id, "RESOLVE").then().statusCode(200);
    act(id, "FOLLOW_UP").then().statusCode(200);
    act(id, "CLOSE").then().statusCode(200);

    act(id, "REOPEN").then().statusCode(422).body("errors.field", containsInAnyOrder("reason"));
    act(Tokens.dispatcher(), id, Map.of("action", "REOPEN", "reason", "fault came back"))
        .then()
        .statusCode(200)
        .body("status", equalTo("ASSIGNED"))
        .body("assignee", equalTo("lc-eli"))
        .body("reopenCount", equalTo(1));
  }

  @Test
  void followUpScoresOutsideOneToFiveAreRejected() {
    long id = inService("DEVICE_FAULT");
    as(Tokens.dispatcher())
        .header("If-Match", Api.etag(id))
        .body(Map.of("satisfaction", 6))
        .post("/tickets/" + id + "/follow-up")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("satisfaction"));
    as(Tokens.dispatcher())
        .header("If-Match", Api.etag(id))
        .body(Map.of("satisfaction", 4))
        .post("/tickets/" + id + "/follow-up")
        .then()
        .statusCode(409);
  }

  @Test
  void everyChangeIsInTheAuditTrailWithWhoBeforeAndAfter() {
    long id = inService("DEVICE_FAULT");
    JsonPath audit =
        as(Tokens.manager())
            .get("/tickets/" + id + "/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(audit.getList("action", String.class)).containsExactly("CREATE", "ASSIGN", "START");
    assertThat(audit.getString("[2].actor")).isEqualTo("eli.engineer");
    assertThat(audit.getString("[2].before.status")).isEqualTo("ASSIGNED");
    assertThat(audit.getString("[2].after.status")).isEqualTo("IN_SERVICE");
    assertThat(audit.getString("[1].actor")).isEqualTo("dora.dispatcher");
    assertThat(audit.getString("[1].after.assignee")).isEqualTo("lc-eli");
  }

  @Test
  void sparePartsNeedAManagersApprovalOnce() {
    long id = inService("DEVICE_FAULT");
    long request =
        as(Tokens.engineer())
            .body(Map.of("partNumber", "FAN-120", "quantity", 2, "reason", "fan seized"))
            .post("/tickets/" + id + "/parts")
            .then()
            .statusCode(201)
            .body("status", equalTo("REQUESTED"))
            .extract()
            .jsonPath()
            .getLong("id");
    String decision = "/tickets/" + id + "/parts/" + request + "/decision";
    as(Tokens.engineer()).body(Map.of("approve", true)).post(decision).then().statusCode(403);
    as(Tokens.manager())
        .body(Map.of("approve", true))
        .post(decision)
        .then()
        .statusCode(200)
        .body("status", equalTo("APPROVED"))
        .body("decidedBy", equalTo("mia.manager"));
    as(Tokens.manager()).body(Map.of("approve", false)).post(decision).then().statusCode(409);
  }

  @Test
  void commentsAndAttachmentReferencesStayWithTheTicket() {
    long id = assignedTicket("DEVICE_FAULT");
    as(Tokens.engineer())
        .body(Map.of("body", "on site at 10:00"))
        .post("/tickets/" + id + "/comments")
        .then()
        .statusCode(201);
    as(Tokens.engineer())
        .body(
            Map.of(
                "url",
                "https://files.pdm.local/t/1/photo.jpg",
                "name",
                "photo.jpg",
                "mediaType",
                "image/jpeg"))
        .post("/tickets/" + id + "/attachments")
        .then()
        .statusCode(201);
    as(Tokens.engineer())
        .body(Map.of("url", "ftp://nope", "name", "x", "mediaType", "image"))
        .post("/tickets/" + id + "/attachments")
        .then()
        .statusCode(400)
        .body("errors.field", containsInAnyOrder("url", "mediaType"));
    as(Tokens.dispatcher())
        .get("/tickets/" + id + "/comments")
        .then()
        .body("body", containsInAnyOrder("on site at 10:00"));
    as(Tokens.dispatcher())
        .get("/tickets/" + id + "/attachments")
        .then()
        .body("name", containsInAnyOrder("photo.jpg"));
  }
}
