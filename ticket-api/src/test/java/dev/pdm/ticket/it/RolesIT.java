package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RolesIT {

  @Test
  void aCustomerSeesOnlyTheirOwnTicketsAndDevices() {
    String mine = Api.device(Api.newSerial("RA"), "Roles", "GOLD", "CUST-ROLE-A");
    String theirs = Api.device(Api.newSerial("RB"), "Roles", "GOLD", "CUST-ROLE-B");
    long myTicket = Api.createFault(mine, "P3");
    long theirTicket = Api.createFault(theirs, "P3");
    String customer = Tokens.customer("carl.customer", "CUST-ROLE-A");

    as(customer).get("/tickets/" + myTicket).then().statusCode(200);
    as(customer).get("/tickets/" + theirTicket).then().statusCode(404);
    List<String> listed =
        as(customer)
            .get("/tickets?customer=CUST-ROLE-B&limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.customerId", String.class);
    assertThat(listed).isNotEmpty().containsOnly("CUST-ROLE-A");
    as(customer).get("/devices/" + mine).then().statusCode(200);
    as(customer).get("/devices/" + theirs).then().statusCode(404);
    assertThat(
            as(customer)
                .get("/devices?limit=500")
                .then()
                .extract()
                .jsonPath()
                .getList("items.customerId", String.class))
        .containsOnly("CUST-ROLE-A");
  }

  @Test
  void aCustomerIsReadOnly() {
    String mine = Api.device(Api.newSerial("RC"), "Roles", "GOLD", "CUST-ROLE-C");
    long id = Api.createFault(mine, "P3");
    String customer = Tokens.customer("cora.customer", "CUST-ROLE-C");
    as(customer).body(Api.faultTicket(mine, "P1")).post("/tickets").then().statusCode(403);
    as(customer)
        .header("If-Match", Api.etag(id))
        .body(Map.of("title", "mine"))
        .patch("/tickets/" + id)
        .then()
        .statusCode(403);
    as(customer)
        .header("If-Match", Api.etag(id))
        .body(Map.of("action", "CANCEL", "reason", "no"))
        .post("/tickets/" + id + "/transitions")
        .then()
        .statusCode(403);
    as(customer)
        .body(Map.of("body", "hello"))
        .post("/tickets/" + id + "/comments")
        .then()
        .statusCode(403);
    as(customer).get("/tickets/" + id + "/audit").then().statusCode(403);
    as(customer).get("/reports/tickets").then().statusCode(403);
  }

  @Test
  void aCustomerTokenWithoutACustomerIdIsForbidden() {
    as(Tokens.of("nobody", "customer")).get("/tickets").then().statusCode(403);
  }

  @Test
  void staffRolesAreLimitedToTheirJob() {
    String serial = Api.device(Api.newSerial("RS"), "Roles", "GOLD", "CUST-ROLE-S");
    long id = Api.createFault(serial, "P3");
    // engineers work tickets but do not open, assign, import or administer
    as(Tokens.engineer())
        .body(Api.faultTicket(serial, "P3"))
        .post("/tickets")
        .then()
        .statusCode(403);
    as(Tokens.engineer())
        .header("If-Match", Api.etag(id))
        .body(Map.of())
        .post("/tickets/" + id + "/assignment")
        .then()
        .statusCode(403);
    as(Tokens.engineer())
        .contentType("text/csv")
        .body("x")
        .post("/devices/import")
        .then()
        .statusCode(403);
    as(Tokens.engineer())
        .body(Map.of("id", "g", "name", "g", "region", "r", "deviceClass", "INVERTER"))
        .put("/engineer-groups/g")
        .then()
        .statusCode(403);
    // reliability and quality analyse; they do not work tickets
    String reliability = Tokens.of("rita.reliability", "reliability");
    as(reliability)
        .header("If-Match", Api.etag(id))
        .body(Map.of("action", "CANCEL", "reason", "x"))
        .post("/tickets/" + id + "/transitions")
        .then()
        .statusCode(403);
    as(reliability).get("/reports/tickets").then().statusCode(200);
    // dispatchers assign but do not approve parts or manage engineers
    as(Tokens.dispatcher())
        .body(
            Map.of(
                "id",
                "e",
                "name",
                "e",
                "groupId",
                "g",
                "skills",
                List.of(),
                "maxOpen",
                1,
                "openCount",
                0,
                "active",
                true))
        .put("/engineers/e")
        .then()
        .statusCode(403);
  }

  @Test
  void qualityOpensABatchProblemThatLinksItsDeviceTickets() {
    String a = Api.device(Api.newSerial("RQ"), "Roles", "GOLD", "CUST-ROLE-Q");
    String b = Api.device(Api.newSerial("RQ"), "Roles", "GOLD", "CUST-ROLE-Q");
    long ta = Api.createFault(a, "P3");
    long tb = Api.createFault(b, "P3");
    long problem =
        as(Tokens.of("quinn.quality", "quality"))
            .body(
                Map.of(
                    "type", "BATCH_PROBLEM",
                    "priority", "P2",
                    "title", "Batch B2026-01 ground faults",
                    "batch", "B2026-01",
                    "deviceClass", "INVERTER",
                    "model", "SG110CX",
                    "linkedTickets", List.of(ta, tb)))
            .post("/tickets")
            .then()
            .statusCode(201)
            .body("type", equalTo("BATCH_PROBLEM"))
            .body("batch", equalTo("B2026-01"))
            .extract()
            .jsonPath()
            .getLong("id");
    List<Integer> linked =
        as(Tokens.dispatcher())
            .get("/tickets/" + ta + "/links")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("from", Integer.class);
    assertThat(linked).containsExactly((int) problem);
    assertThat(
            as(Tokens.dispatcher())
                .get("/tickets/" + problem + "/links")
                .then()
                .extract()
                .jsonPath()
                .getList("to", Integer.class))
        .containsExactlyInAnyOrder((int) ta, (int) tb);
    as(Tokens.of("quinn.quality", "quality"))
        .body(Map.of("type", "BATCH_PROBLEM", "priority", "P2", "title", "no batch"))
        .post("/tickets")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("batch"));
  }
}
