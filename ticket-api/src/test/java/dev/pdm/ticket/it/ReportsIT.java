package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ReportsIT {

  @Test
  void reportsAggregateVolumeFirstTimeFixAndTopFaultCodesPerGroup() {
    Api.group("rep-inv", "Reports", "INVERTER");
    Api.engineer("rep-eng", "rep-inv", 100, "inverter");
    String serial = Api.device(Api.newSerial("REP"), "Reports", "GOLD", "CUST-REP");
    long fixedOnce = Api.createFault(serial, "P3");
    long reopened = Api.createFault(serial, "P3");
    Api.createFault(serial, "P3");
    for (long id : List.of(fixedOnce, reopened)) {
      Api.assign(id, "rep-eng").then().statusCode(200);
      Api.act(id, "START").then().statusCode(200);
      Api.patch(id, Map.of("rootCause", "fuse", "noParts", true)).then().statusCode(200);
      Api.act(id, "RESOLVE").then().statusCode(200);
    }
    Api.act(Tokens.dispatcher(), reopened, Map.of("action", "REOPEN", "reason", "again"))
        .then()
        .statusCode(200);
    Api.act(reopened, "START").then().statusCode(200);
    Api.act(reopened, "RESOLVE").then().statusCode(200);

    JsonPath byRegion =
        as(Tokens.manager())
            .get("/reports/tickets?groupBy=region")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> row =
        byRegion.getList("$", Map.class).stream()
            .filter(r -> "Reports".equals(r.get("key")))
            .findFirst()
            .orElseThrow();
    assertThat(row.get("volume")).isEqualTo(3);
    assertThat(((Number) row.get("firstTimeFixRate")).doubleValue()).isEqualTo(0.5);
    assertThat(((Number) row.get("overdue")).intValue()).isZero();
    assertThat(row.get("mttaMinutes")).isNotNull();
    assertThat(row.get("mttrMinutes")).isNotNull();

    assertThat(
            as(Tokens.manager())
                .get("/reports/tickets?groupBy=month")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("key"))
        .isNotEmpty();
    assertThat(
            as(Tokens.manager())
                .get("/reports/top-fault-codes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("code"))
        .contains("sunspec-inv:GROUND_FAULT");
    as(Tokens.manager())
        .get("/reports/tickets?groupBy=colour")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
