package dev.pdm.ticket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.pdm.ticket.sla.SlaScheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Calendars and SLA policies edited through the API: versions (ETag/If-Match), validation as
 * problem details, roles, audit, and new tickets measured against what was written.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class SlaAdminIT {

  @Inject SlaScheduler scheduler;

  static Map<String, Object> officeCalendar() {
    Map<String, Object> c = new HashMap<>();
    c.put("name", "Service desk Berlin");
    c.put("zone", "Europe/Berlin");
    c.put("workDays", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
    c.put("workStart", "09:00");
    c.put("workEnd", "17:00");
    c.put(
        "holidays",
        List.of(
            Map.of("date", "2026-12-25", "name", "Christmas"),
            Map.of("date", "2026-12-26", "name", "Boxing Day")));
    return c;
  }

  static Response putCalendar(String token, String id, String ifMatch, Object body) {
    var req = Api.as(token);
    if (ifMatch != null) {
      req = req.header("If-Match", ifMatch);
    }
    return req.body(body).put("/sla/calendars/" + id);
  }

  static Response putPolicy(String token, String path, String ifMatch, Object body) {
    var req = Api.as(token);
    if (ifMatch != null) {
      req = req.header("If-Match", ifMatch);
    }
    return req.body(body).put("/sla/policies/" + path);
  }

  static String calendarId(String prefix) {
    return prefix + "-" + System.nanoTime() % 1_000_000_000L;
  }

  @Test
  void aCalendarIsCreatedThenReplacedOnlyAgainstItsCurrentVersionAndEveryChangeIsAudited() {
    String id = calendarId("berlin");
    putCalendar(Tokens.admin(), id, null, officeCalendar())
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .body("zone", equalTo("Europe/Berlin"))
        .body("workStart", time("09:00"))
        .body("holidays.date", equalTo(List.of("2026-12-25", "2026-12-26")));

    Map<String, Object> changed = officeCalendar();
    changed.put("workEnd", "18:00");
    changed.put("holidays", List.of(Map.of("date", "2027-01-01", "name", "New Year")));
    putCalendar(Tokens.admin(), id, null, changed)
        .then()
        .statusCode(428)
        .contentType("application/problem+json");
    putCalendar(Tokens.admin(), id, "\"7\"", changed)
        .then()
        .statusCode(412)
        .contentType("application/problem+json");
    putCalendar(Tokens.admin(), id, "\"1\"", changed)
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("workEnd", time("18:00"))
        .body("holidays.date", equalTo(List.of("2027-01-01")));

    Api.as(Tokens.manager())
        .get("/sla/calendars/" + id)
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("holidays.name", equalTo(List.of("New Year")));
    Api.as(Tokens.manager()).get("/sla/calendars").then().statusCode(200).body("id", hasItem(id));
    JsonPath audit =
        Api.as(Tokens.manager()).get("/sla/calendars/" + id + "/audit").then().extract().jsonPath();
    assertThat(audit.getList("action")).containsExactly("CREATE", "UPDATE");
    assertThat(LocalTime.parse(audit.getString("[1].after.workEnd")))
        .isEqualTo(LocalTime.of(18, 0));
    assertThat(LocalTime.parse(audit.getString("[1].before.workEnd")))
        .isEqualTo(LocalTime.of(17, 0));
    assertThat(audit.getString("[1].actor")).isNotBlank();
  }

  @Test
  void onlyAdminsWriteCalendarsAndPoliciesAndManagersRead() {
    String id = calendarId("roles");
    putCalendar(Tokens.manager(), id, null, officeCalendar()).then().statusCode(403);
    putCalendar(Tokens.dispatcher(), id, null, officeCalendar()).then().statusCode(403);
    Api.as(Tokens.dispatcher()).get("/sla/calendars").then().statusCode(403);
    Api.as(Tokens.manager()).get("/sla/calendars/" + id).then().statusCode(404);
    putPolicy(Tokens.manager(), "SILVER/P4", "\"1\"", Map.of()).then().statusCode(403);
    Api.as(Tokens.engineer()).get("/sla/policies/SILVER/P4").then().statusCode(200);
  }

  @Test
  void invalidCalendarsAreRefusedWithTheFieldThatIsWrong() {
    String id = calendarId("bad");
    Map<String, Object> backwards = officeCalendar();
    backwards.put("workEnd", "08:00");
    expectFieldError(putCalendar(Tokens.admin(), id, null, backwards), "workEnd");

    Map<String, Object> nowhere = officeCalendar();
    nowhere.put("zone", "Mars/Olympus_Mons");
    expectFieldError(putCalendar(Tokens.admin(), id, null, nowhere), "zone");

    Map<String, Object> twice = officeCalendar();
    twice.put(
        "holidays",
        List.of(
            Map.of("date", "2026-12-25", "name", "a"), Map.of("date", "2026-12-25", "name", "b")));
    expectFieldError(putCalendar(Tokens.admin(), id, null, twice), "holidays");

    Map<String, Object> noDays = officeCalendar();
    noDays.remove("workDays");
    putCalendar(Tokens.admin(), id, null, noDays)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");

    Api.as(Tokens.manager()).get("/sla/calendars/" + id).then().statusCode(404);
  }

  @Test
  void anEditedPolicyGivesNewTicketsItsTargetsCalendarAndLevels() {
    String desk = calendarId("desk");
    Map<String, Object> roundTheClock = new HashMap<>();
    roundTheClock.put("workDays", List.of("MONDAY"));
    roundTheClock.put("roundTheClock", true);
    roundTheClock.put("zone", "UTC");
    putCalendar(Tokens.admin(), desk, null, roundTheClock).then().statusCode(201);

    Response original = Api.as(Tokens.admin()).get("/sla/policies/SILVER/P4");
    original.then().statusCode(200);
    Map<String, Object> restore = new HashMap<>();
    restore.put("responseMinutes", original.jsonPath().getInt("responseMinutes"));
    restore.put("resolutionMinutes", original.jsonPath().getInt("resolutionMinutes"));
    restore.put("calendarId", original.jsonPath().getString("calendarId"));

    Map<String, Object> policy = new HashMap<>();
    policy.put("responseMinutes", 100);
    policy.put("resolutionMinutes", 1000);
    policy.put("calendarId", desk);
    policy.put("warningFraction", 0.5);
    policy.put("escalationStep", 0.25);
    policy.put("escalationLevels", 1);
    String etag = original.header("ETag");
    try {
      putPolicy(Tokens.admin(), "SILVER/P4", null, policy).then().statusCode(428);
      Response edited = putPolicy(Tokens.admin(), "SILVER/P4", etag, policy);
      edited.then().statusCode(200).body("warningFraction", equalTo(0.5f));
      etag = edited.header("ETag");
      assertThat(etag).isNotEqualTo(original.header("ETag"));

      String serial = Api.device(Api.newSerial("ADM"), "Admin", "SILVER", "CUST-ADM");
      long id = Api.createFault(serial, "P4");
      JsonPath t = Api.get(id).then().extract().jsonPath();
      Instant created = Instant.parse(t.getString("createdAt"));
      assertThat(Instant.parse(t.getString("responseDueAt")))
          .isEqualTo(created.plus(Duration.ofMinutes(100)));
      JsonPath sla =
          Api.as(Tokens.dispatcher()).get("/tickets/" + id + "/sla").then().extract().jsonPath();
      assertThat(sla.getString("clocks.find { it.clock == 'RESPONSE' }.calendar")).isEqualTo(desk);
      assertThat(Instant.parse(sla.getString("clocks.find { it.clock == 'RESPONSE' }.nextFireAt")))
          .isEqualTo(created.plus(Duration.ofMinutes(50)));

      // one escalation level only: long after the breach, warning and L1 and nothing more
      Instant muchLater = created.plus(Duration.ofMinutes(400));
      for (int i = 0; i < 100; i++) {
        if (scheduler.runOnce(muchLater).await().atMost(Duration.ofSeconds(30)) == 0) {
          break;
        }
      }
      List<String> fired =
          Api.as(Tokens.dispatcher())
              .get("/tickets/" + id + "/sla")
              .then()
              .extract()
              .jsonPath()
              .getList("events.findAll { it.clock == 'RESPONSE' }.level", Integer.class)
              .stream()
              .map(String::valueOf)
              .toList();
      assertThat(fired).containsExactly("0", "1");

      JsonPath audit =
          Api.as(Tokens.manager()).get("/sla/policies/SILVER/P4/audit").then().extract().jsonPath();
      assertThat(audit.getList("action")).contains("UPDATE");
      assertThat(audit.getInt("[-1].after.responseMinutes")).isEqualTo(100);
    } finally {
      putPolicy(Tokens.admin(), "SILVER/P4", etag, restore).then().statusCode(200);
    }
  }

  @Test
  void invalidPoliciesAreRefusedWithTheFieldThatIsWrong() {
    Response current = Api.as(Tokens.admin()).get("/sla/policies/SILVER/P3");
    String etag = current.header("ETag");
    Map<String, Object> p = new HashMap<>();
    p.put("responseMinutes", 60);
    p.put("resolutionMinutes", 600);
    p.put("calendarId", "no-such-calendar");
    expectFieldError(putPolicy(Tokens.admin(), "SILVER/P3", etag, p), "calendarId");

    p.put("calendarId", "office");
    p.put("resolutionMinutes", 30);
    expectFieldError(putPolicy(Tokens.admin(), "SILVER/P3", etag, p), "resolutionMinutes");

    p.put("resolutionMinutes", 600);
    p.put("warningFraction", 1.5);
    putPolicy(Tokens.admin(), "SILVER/P3", etag, p)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("warningFraction")));

    p.remove("warningFraction");
    putPolicy(Tokens.admin(), "SILVER/P3", "\"999\"", p).then().statusCode(412);
    Api.as(Tokens.admin())
        .get("/sla/policies/SILVER/P3")
        .then()
        .header("ETag", etag)
        .body("responseMinutes", equalTo(current.jsonPath().getInt("responseMinutes")));
  }

  /** A time of day however Jackson writes it (with or without seconds). */
  static Matcher<Object> time(String hhmm) {
    return new org.hamcrest.CustomMatcher<>("the time " + hhmm) {
      @Override
      public boolean matches(Object item) {
        return item != null && LocalTime.parse(item.toString()).equals(LocalTime.parse(hhmm));
      }
    };
  }

  static void expectFieldError(Response r, String field) {
    r.then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));
  }
}
