package dev.pdm.ticket.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Intent-named helpers over the HTTP API, so tests read as the workflow they check. */
public final class Api {

  private static final AtomicInteger SERIALS = new AtomicInteger();

  private Api() {}

  public static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
  }

  /** A unique serial per call, so test classes sharing one database never collide. */
  public static String newSerial(String prefix) {
    return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + SERIALS.incrementAndGet();
  }

  /** Registers a device (through the import endpoint) and returns its serial. */
  public static String device(String serial, String region, String tier, String customer) {
    return device(serial, "INVERTER", "SG110CX", region, tier, customer, "Asia/Shanghai");
  }

  public static String device(
      String serial,
      String deviceClass,
      String model,
      String region,
      String tier,
      String customer,
      String zone) {
    String csv =
        "serial,device_class,model,firmware,batch,site_id,site_name,province,region,timezone,"
            + "customer_id,customer_name,customer_tier,install_date,warranty_end\n"
            + String.join(
                ",",
                serial,
                deviceClass,
                model,
                "V1.2.3",
                "B2026-01",
                "SITE-1",
                "Site One",
                "Jiangsu",
                region,
                zone,
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

  public static Map<String, Object> faultTicket(String serial, String priority) {
    return Map.of(
        "type",
        "DEVICE_FAULT",
        "priority",
        priority,
        "title",
        "Ground fault on " + serial,
        "serial",
        serial,
        "alarmCodes",
        List.of("sunspec-inv:GROUND_FAULT"));
  }

  public static Response create(Map<String, Object> body) {
    return as(Tokens.dispatcher()).body(body).post("/tickets");
  }

  public static long createFault(String serial, String priority) {
    return create(faultTicket(serial, priority))
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  public static Response get(long id) {
    return as(Tokens.dispatcher()).get("/tickets/" + id);
  }

  public static String etag(long id) {
    return get(id).then().statusCode(200).extract().header("ETag");
  }

  public static Response act(String token, long id, Map<String, Object> body) {
    return as(token)
        .header("If-Match", etag(id))
        .body(body)
        .post("/tickets/" + id + "/transitions");
  }

  public static Response act(long id, String action) {
    return act(Tokens.engineer(), id, Map.of("action", action));
  }

  public static Response patch(long id, Map<String, Object> body) {
    return as(Tokens.engineer()).header("If-Match", etag(id)).body(body).patch("/tickets/" + id);
  }

  public static Response assign(long id, String engineer) {
    return as(Tokens.dispatcher())
        .header("If-Match", etag(id))
        .body(engineer == null ? Map.of() : Map.of("engineer", engineer))
        .post("/tickets/" + id + "/assignment");
  }

  public static void group(String id, String region, String deviceClass) {
    as(Tokens.admin())
        .body(Map.of("id", id, "name", id, "region", region, "deviceClass", deviceClass))
        .put("/engineer-groups/" + id)
        .then()
        .statusCode(200);
  }

  public static void engineer(String id, String group, int maxOpen, String... skills) {
    as(Tokens.admin())
        .body(
            Map.of(
                "id",
                id,
                "name",
                id,
                "groupId",
                group,
                "skills",
                List.of(skills),
                "maxOpen",
                maxOpen,
                "openCount",
                0,
                "active",
                true))
        .put("/engineers/" + id)
        .then()
        .statusCode(200);
  }
}
