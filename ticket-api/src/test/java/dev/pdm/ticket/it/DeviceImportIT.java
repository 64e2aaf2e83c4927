package dev.pdm.ticket.it;

import static dev.pdm.ticket.it.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class DeviceImportIT {

  static final String HEADER =
      "serial,device_class,model,firmware,batch,site_id,site_name,province,region,timezone,"
          + "customer_id,customer_name,customer_tier,install_date,warranty_end\n";

  static String row(String serial, String firmware, String tier) {
    return serial
        + ",INVERTER,SG110CX,"
        + firmware
        + ",BIMP-7,SITE-IMP,Import Site,Anhui,Central,"
        + "Asia/Shanghai,CUST-IMP,Importer Ltd,"
        + tier
        + ",2025-02-01,2030-02-01\n";
  }

  static Response importCsv(String csv) {
    return given()
        .auth()
        .oauth2(Tokens.admin())
        .contentType("text/csv")
        .body(csv)
        .post("/devices/import");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWithProblemDetailsAndNothingIsImported() {
    // over the 10 MiB default body limit, declared up front by Content-Length
    StringBuilder csv = new StringBuilder(HEADER);
    String p = Api.newSerial("BIG");
    for (int i = 0; csv.length() <= 10_600_000; i++) {
      csv.append(row(p + "-" + i, "V1", "GOLD"));
    }
    importCsv(csv.toString())
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413))
        .body("type", equalTo("https://pdm.local/problems/payload-too-large"))
        .body("detail", containsString("at most 10485760 bytes"));
    as(Tokens.dispatcher()).get("/devices/" + p + "-0").then().statusCode(404);
  }

  @Test
  void importingReportsNewUpdatedUnchangedAndRejectedRows() {
    String p = Api.newSerial("IMP");
    String csv =
        HEADER
            + row(p + "-1", "V1", "GOLD")
            + row(p + "-2", "V1", "GOLD")
            + row(p + "-3", "V1", "GOLD")
            + row(p + "-4", "V1", "DIAMOND");
    importCsv(csv)
        .then()
        .statusCode(200)
        .body("received", equalTo(4))
        .body("imported", equalTo(3))
        .body("updated", equalTo(0))
        .body("rejected", hasSize(1))
        .body("rejected[0].line", equalTo(5))
        .body("rejected[0].reason", containsString("customer_tier"));

    importCsv(csv)
        .then()
        .statusCode(200)
        .body("imported", equalTo(0))
        .body("unchanged", equalTo(3));

    String changed =
        HEADER
            + row(p + "-1", "V2", "GOLD")
            + row(p + "-2", "V1", "GOLD")
            + row(p + "-3", "V1", "GOLD");
    importCsv(changed)
        .then()
        .statusCode(200)
        .body("updated", equalTo(1))
        .body("unchanged", equalTo(2));
    as(Tokens.dispatcher())
        .get("/devices/" + p + "-1")
        .then()
        .statusCode(200)
        .body("firmware", equalTo("V2"));
  }

  @Test
  void aJsonRegistryImportsToo() {
    String serial = Api.newSerial("JSON");
    String json =
        "[{\"serial\":\""
            + serial
            + "\",\"deviceClass\":\"CHARGER\",\"model\":\"AC22\",\"firmware\":\"1.0\","
            + "\"batch\":\"BJ-1\",\"siteId\":\"SITE-J\",\"siteName\":\"J\",\"province\":\"Hebei\",\"region\":\"North\","
            + "\"timezone\":\"Asia/Shanghai\",\"customerId\":\"CUST-J\",\"customerName\":\"J Ltd\",\"customerTier\":\"SILVER\","
            + "\"installDate\":\"2025-01-01\",\"warrantyEnd\":\"2028-01-01\"},{\"serial\":\"\"}]";
    given()
        .auth()
        .oauth2(Tokens.admin())
        .contentType("application/json")
        .body(json)
        .post("/devices/import")
        .then()
        .statusCode(200)
        .body("imported", equalTo(1))
        .body("rejected[0].line", equalTo(1));
    as(Tokens.dispatcher())
        .get("/devices/" + serial)
        .then()
        .statusCode(200)
        .body("deviceClass", equalTo("CHARGER"));
  }

  @Test
  void aRegistryWithTheWrongHeaderIsABadRequest() {
    Response r = importCsv("serial,model\nX,Y\n");
    r.then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("header"));
  }

  @Test
  void devicesAreQueriedBySiteBatchFirmwareModelAndCustomer() {
    String p = Api.newSerial("Q");
    importCsv(HEADER + row(p + "-a", "VQ1", "SILVER") + row(p + "-b", "VQ2", "SILVER"))
        .then()
        .statusCode(200);
    as(Tokens.dispatcher())
        .get("/devices?batch=BIMP-7&firmware=VQ2&model=SG110CX&site=SITE-IMP&customer=CUST-IMP")
        .then()
        .statusCode(200)
        .body("items.serial", containsInAnyOrder(p + "-b"));
    as(Tokens.dispatcher())
        .get("/devices/NOPE")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
