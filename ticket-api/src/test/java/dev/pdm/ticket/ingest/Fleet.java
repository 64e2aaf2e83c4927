package dev.pdm.ticket.ingest;

import static io.restassured.RestAssured.given;

import dev.pdm.ticket.it.Api;
import dev.pdm.ticket.it.Tokens;

/** Registers devices through the import endpoint, with the batch the test needs. */
final class Fleet {

  private Fleet() {}

  /** A GOLD-tier inverter of {@code batch} with a unique serial; returns the serial. */
  static String inverter(String batch) {
    return register(Api.newSerial("INV"), batch, "SITE-1", "East", "GOLD", "CUST-INGEST");
  }

  /** An inverter of the given region and tier at SITE-1; returns its new serial. */
  static String inverterIn(String region, String tier) {
    return register(Api.newSerial("INV"), "B-ROUTE", "SITE-1", region, tier, "CUST-ROUTE");
  }

  /** Imports (or re-imports) a registry row for {@code serial}; returns the serial. */
  static String register(
      String serial, String batch, String site, String region, String tier, String customer) {
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
                site,
                "Site " + site,
                "Jiangsu",
                region,
                "Asia/Shanghai",
                customer,
                customer + " Ltd",
                tier,
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
