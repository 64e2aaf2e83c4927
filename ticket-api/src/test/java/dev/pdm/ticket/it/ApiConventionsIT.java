package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ApiConventionsIT {

  static final String PROBLEM = "application/problem+json";

  static void isProblem(Response r, int status) {
    r.then()
        .statusCode(status)
        .contentType(PROBLEM)
        .body("status", equalTo(status))
        .body("type", notNullValue())
        .body("title", notNullValue())
        .body("instance", notNullValue());
  }

  String serial() {
    return Api.device(Api.newSerial("API"), "Api", "GOLD", "CUST-API");
  }

  @Test
  void missingOrBrokenTokensGetA401Problem() {
    Response none = given().get("/tickets");
    isProblem(none, 401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    isProblem(given().auth().oauth2("not.a.jwt").get("/tickets"), 401);
  }

  @Test
  void aRoleWithoutTheRightGetsA403Problem() {
    isProblem(as(Tokens.engineer()).body(Api.faultTicket(serial(), "P3")).post("/tickets"), 403);
  }

  @Test
  void unknownTicketsAndPathsGetA404Problem() {
    isProblem(as(Tokens.dispatcher()).get("/tickets/987654321"), 404);
    isProblem(as(Tokens.dispatcher()).get("/no-such-thing"), 404);
  }

  @Test
  void aWrongMethodGetsA405AndAWrongMediaTypeA415Problem() {
    isProblem(as(Tokens.dispatcher()).delete("/tickets/1"), 405);
    isProblem(
        given()
            .auth()
            .oauth2(Tokens.dispatcher())
            .contentType("text/plain")
            .body("hello")
            .post("/tickets"),
        415);
  }

  @Test
  void malformedJsonGetsA400Problem() {
    Response r = as(Tokens.dispatcher()).body("{\"type\": \"DEVICE_FAULT\",").post("/tickets");
    isProblem(r, 400);
    r.then().body("type", equalTo("https://pdm.local/problems/malformed-json"));
  }

  @Test
  void constraintViolationsListEveryInvalidField() {
    Response r =
        as(Tokens.dispatcher()).body(Map.of("type", "DEVICE_FAULT", "title", "")).post("/tickets");
    isProblem(r, 400);
    r.then().body("errors.field", containsInAnyOrder("priority", "title"));
  }

  @Test
  void anUnknownEnumValueOrFieldNamesTheField() {
    Response badEnum =
        as(Tokens.dispatcher())
            .body(Map.of("type", "DEVICE_FAULT", "priority", "P9", "title", "x", "serial", "s"))
            .post("/tickets");
    isProblem(badEnum, 400);
    badEnum
        .then()
        .body("errors[0].field", equalTo("priority"))
        .body("errors[0].message", containsString("P1"));

    Response unknown =
        as(Tokens.dispatcher())
            .body(Map.of("type", "DEVICE_FAULT", "priority", "P3", "title", "x", "colour", "red"))
            .post("/tickets");
    isProblem(unknown, 400);
    unknown.then().body("errors[0].field", equalTo("colour"));
  }

  @Test
  void aTicketForAnUnknownDeviceIsUnprocessable() {
    isProblem(Api.create(Api.faultTicket("NO-SUCH-SERIAL", "P3")), 422);
  }

  @Test
  void theSameIdempotencyKeyAndBodyReplaysTheFirstResponse() {
    Map<String, Object> body = Api.faultTicket(serial(), "P3");
    String key = UUID.randomUUID().toString();
    Response first =
        as(Tokens.dispatcher()).header("Idempotency-Key", key).body(body).post("/tickets");
    Response second =
        as(Tokens.dispatcher()).header("Idempotency-Key", key).body(body).post("/tickets");

    first.then().statusCode(201);
    second.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(second.asString()).isEqualTo(first.asString());
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
  }

  @Test
  void theSameIdempotencyKeyWithAnotherBodyIsUnprocessable() {
    String serial = serial();
    String key = UUID.randomUUID().toString();
    as(Tokens.dispatcher())
        .header("Idempotency-Key", key)
        .body(Api.faultTicket(serial, "P3"))
        .post("/tickets")
        .then()
        .statusCode(201);
    Response other =
        as(Tokens.dispatcher())
            .header("Idempotency-Key", key)
            .body(Api.faultTicket(serial, "P1"))
            .post("/tickets");
    isProblem(other, 422);
    other.then().body("type", equalTo("https://pdm.local/problems/idempotency-key-reused"));
  }

  @Test
  void concurrentRetriesWithOneKeyCreateOneTicket() throws Exception {
    String serial = serial();
    Map<String, Object> body = Api.faultTicket(serial, "P3");
    String key = UUID.randomUUID().toString();
    String token = Tokens.dispatcher();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(
          pool.submit(() -> as(token).header("Idempotency-Key", key).body(body).post("/tickets")));
    }
    Set<Long> ids = new HashSet<>();
    for (Future<Response> f : calls) {
      Response r = f.get();
      assertThat(r.statusCode()).isEqualTo(201);
      ids.add(r.jsonPath().getLong("id"));
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    as(Tokens.dispatcher())
        .get("/tickets?serial=" + serial)
        .then()
        .body("items", org.hamcrest.Matchers.hasSize(1));
  }

  @Test
  void aStaleETagGetsA412AndAMissingIfMatchA428() {
    long id = Api.createFault(serial(), "P3");
    String etag = Api.etag(id);
    as(Tokens.engineer())
        .header("If-Match", etag)
        .body(Map.of("title", "first edit"))
        .patch("/tickets/" + id)
        .then()
        .statusCode(200);

    Response stale =
        as(Tokens.engineer())
            .header("If-Match", etag)
            .body(Map.of("title", "second edit"))
            .patch("/tickets/" + id);
    isProblem(stale, 412);
    isProblem(as(Tokens.engineer()).body(Map.of("title", "x")).patch("/tickets/" + id), 428);
    Api.get(id).then().body("title", equalTo("first edit"));
  }

  @Test
  void cursorPaginationWalksEveryTicketOnceAndEnds() {
    String serial = serial();
    Set<Long> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(Api.createFault(serial, "P4"));
    }
    List<Long> seen = new ArrayList<>();
    String next = "/tickets?serial=" + serial + "&limit=2";
    int pages = 0;
    while (next != null) {
      JsonPath page = as(Tokens.dispatcher()).get(next).then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id", Long.class));
      next = page.getString("next");
      if (next != null) {
        next = next.substring(next.indexOf("/tickets"));
      }
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    isProblem(as(Tokens.dispatcher()).get("/tickets?cursor=garbage!"), 400);
    isProblem(as(Tokens.dispatcher()).get("/tickets?limit=0"), 400);
  }

  @Test
  void filtersNarrowTheList() {
    String serial = serial();
    long p1 = Api.createFault(serial, "P1");
    Api.createFault(serial, "P4");
    as(Tokens.dispatcher())
        .get(
            "/tickets?serial="
                + serial
                + "&priority=P1&region=Api&alarmCode=sunspec-inv:GROUND_FAULT")
        .then()
        .body("items.id", containsInAnyOrder((int) p1))
        .body("next", nullValue());
  }

  @Test
  void theOpenApiDocumentHealthAndMetricsAreServed() {
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/tickets/{id}/transitions"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
  }

  @Test
  void theTicketCarriesItsETagAndDeviceFacts() {
    String serial = serial();
    long id = Api.createFault(serial, "P2");
    Api.get(id)
        .then()
        .header("ETag", equalTo("\"1\""))
        .body("model", equalTo("SG110CX"))
        .body("firmware", equalTo("V1.2.3"))
        .body("batch", equalTo("B2026-01"))
        .body("customerTier", equalTo("GOLD"))
        .body("alarmCodes", hasItem("sunspec-inv:GROUND_FAULT"));
  }
}
