package dev.pdm.ticket.ingest;

import static io.restassured.RestAssured.given;

import dev.pdm.ticket.it.Api;
import dev.pdm.ticket.it.Tokens;

/** Registers devices through the import endpoint, with the batch the test needs. */
final class Fleet {

  private Fleet() {}

  /** A GOLD-tier inverter of {@code batch} with a unique serial; returns the serial. */
  static String inverter(String batch) {
    String serial = Api.newSerial("INV");
    String csv =
        "serial,device_class,model,firmware,batch,site_id,site_name,province,region,timezone,"
            + "customer_id,customer_name,customer_tier,install_date,warranty_end\n"
            + String.join(
                ",",
                serial,
                "INVERTER",
                "SG110CX",
                "V1.2.3",
                batch,
                "SITE-1",
                "Site One",
                "Jiangsu",
                "East",
                "Asia/Shanghai",
                "CUST-INGEST",
                "Ingest Ltd",
                "GOLD",
                "2025-01-10",
                "2030-01-10")
            + "\n";
    given()
        .auth()
        .oauth2(Tokens.admin())
        .contentType("text/csv")
        .body(csv)
        .post("/devices/import")
        .then()
        .statusCode(200);
    return serial;
  }
}
