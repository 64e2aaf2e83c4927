package dev.pdm.ticket.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.ticket.ingest.Incidents;
import dev.pdm.ticket.ingest.IngestOutcome;
import dev.pdm.ticket.ingest.IngestService;
import dev.pdm.ticket.it.Api;
import dev.pdm.ticket.it.PostgresTestResource;
import dev.pdm.ticket.it.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rule management through the API: upload with validation, activation and rollback without a
 * restart, backtest over recorded decisions, dry-run, audit and role boundaries.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RulesetManagementIT {

  /** A rule the default ruleset lacks: DC over-voltage during commissioning opens nothing. */
  static final String SUPPRESS_DC_OVER_VOLT =
      """

      rule "DC over-voltage during commissioning opens nothing"
          salience 950
      when
          IncidentFact(primaryCode == "sunspec-inv:DC_OVER_VOLT")
          $out : DecisionSheet(undecided)
      then
          modify($out) { suppress("DC over-voltage is expected while strings are commissioned") }
      end
      """;

  @Inject IngestService ingest;

  @Inject Pool pool;

  @AfterEach
  void restoreTheDefaultRuleset() {
    Api.as(reliability()).post("/rulesets/1/activation").then().statusCode(200);
  }

  @Test
  void defaultRulesetIsInstalledAsVersionOneWithItsExamples() {
    JsonPath v1 = Api.as(admin()).get("/rulesets/1").then().statusCode(200).extract().jsonPath();
    assertThat(v1.getString("label")).isEqualTo(DefaultRuleset.VERSION);
    assertThat(v1.getBoolean("active")).isTrue();
    assertThat(v1.getList("examples")).isNotEmpty();
    assertThat(v1.getString("drl")).contains("rule \"Ground fault is P1\"");
  }

  @Test
  void uploadThatDoesNotCompileIsRejectedWithLineNumbersAndTheActiveVersionKeepsRunning() {
    int before = versions().size();
    String broken = defaultDrl() + "\nrule \"broken\"\nwhen\n    NoSuchFact(x == 1)\nthen\nend\n";

    Api.as(reliability())
        .body(upload("broken", broken, defaultExamples(), true))
        .post("/rulesets")
        .then()
        .statusCode(422)
        .contentType(containsString("application/problem+json"))
        .body("type", containsString("ruleset-rejected"))
        .body("errors[0].field", equalTo("drl"))
        .body("errors[0].message", containsString("line "));

    assertThat(versions()).hasSize(before);
    assertThat(activeVersion()).isEqualTo(1);
    assertThat(auditActions()).contains("REJECT");
  }

  @Test
  void uploadWhoseExampleFailsIsRejectedNamingTheExample() {
    List<Map<String, Object>> examples = defaultExamples();
    Map<String, Object> first = new LinkedHashMap<>(examples.get(0));
    Map<String, Object> expect = new LinkedHashMap<>(castMap(first.get("expect")));
    expect.put("priority", "P4");
    first.put("expect", expect);
    examples.set(0, first);

    Api.as(reliability())
        .body(upload("wrong-expectation", defaultDrl(), examples, false))
        .post("/rulesets")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("examples[" + first.get("name") + "]"))
        .body("errors[0].message", containsString("priority: expected P4 but was P1"));

    assertThat(activeVersion()).isEqualTo(1);
  }

  @Test
  void activationAndRollbackSwitchTheDecidingVersionWithoutRestart() {
    String serial = Api.device(Api.newSerial("INV"), "East", "GOLD", "CUST-RULES");
    Incident dc = Incidents.fault(serial, Incidents.DC_OVER_VOLT, Severity.MAJOR).build();
    assertThat(dryRun(dc).getString("kind")).isEqualTo("OPEN");

    long v2 = uploadVariant(true);

    JsonPath suppressed = dryRun(dc);
    assertThat(activeVersion()).isEqualTo(v2);
    assertThat(suppressed.getString("kind")).isEqualTo("SUPPRESS");
    assertThat(suppressed.getString("rulesetVersion")).isEqualTo("v" + v2);
    assertThat(suppressed.getList("rulesFired", String.class))
        .contains("DC over-voltage during commissioning opens nothing");

    Api.as(reliability())
        .post("/rulesets/rollback")
        .then()
        .statusCode(200)
        .body("versionId", equalTo(1))
        .body("action", equalTo("ROLLBACK"));

    JsonPath back = dryRun(dc);
    assertThat(back.getString("kind")).isEqualTo("OPEN");
    assertThat(back.getString("rulesetVersion")).isEqualTo("v1");
    List<Map<String, Object>> audit = audit();
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e).containsEntry("action", "UPLOAD");
              assertThat(e).containsEntry("entityId", String.valueOf(v2));
              assertThat(castMap(e.get("after")))
                  .containsEntry(
                      "rulesAdded", List.of("DC over-voltage during commissioning opens nothing"))
                  .containsEntry("rulesDropped", List.of());
            });
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e).containsEntry("action", "ACTIVATE");
              assertThat(e).containsEntry("actor", "rita.reliability");
              assertThat(e).containsEntry("entityId", String.valueOf(v2));
            });
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e).containsEntry("action", "ROLLBACK");
              assertThat(e).containsEntry("actor", "rita.reliability");
              assertThat(castMap(e.get("before"))).containsEntry("activeVersion", (int) v2);
            });
  }

  @Test
  void activationWrittenByAnotherReplicaIsPickedUpWithoutRestart() {
    String serial = Api.device(Api.newSerial("INV"), "East", "GOLD", "CUST-RULES");
    Incident dc = Incidents.fault(serial, Incidents.DC_OVER_VOLT, Severity.MAJOR).build();
    long v = uploadVariant(false);
    assertThat(dryRun(dc).getString("rulesetVersion")).isEqualTo("v1");

    // what another replica's activation leaves in the shared database
    pool.preparedQuery(
            "INSERT INTO ruleset_activation (version_id, previous_id, action, actor, at)"
                + " VALUES ($1, 1, 'ACTIVATE', 'other-replica', now())")
        .execute(Tuple.of(v))
        .await()
        .atMost(Duration.ofSeconds(10));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonPath decision = dryRun(dc);
              assertThat(decision.getString("rulesetVersion")).isEqualTo("v" + v);
              assertThat(decision.getString("kind")).isEqualTo("SUPPRESS");
            });
  }

  @Test
  void backtestListsTheRecordedIncidentsTheCandidateWouldDecideDifferently() {
    Instant from = Instant.now().minus(Duration.ofSeconds(1));
    Incident dc =
        Incidents.fault(
                Api.device(Api.newSerial("INV"), "East", "GOLD", "CUST-BT"),
                Incidents.DC_OVER_VOLT,
                Severity.MAJOR)
            .build();
    Incident ground =
        Incidents.fault(
                Api.device(Api.newSerial("INV"), "East", "GOLD", "CUST-BT"),
                Incidents.GROUND_FAULT,
                Severity.CRITICAL)
            .build();
    assertThat(apply(dc).result()).isEqualTo(IngestOutcome.Result.APPLIED);
    assertThat(apply(ground).result()).isEqualTo(IngestOutcome.Result.APPLIED);
    long candidate = uploadVariant(false);
    Instant to = Instant.now().plus(Duration.ofMinutes(1));

    JsonPath report =
        Api.as(reliability())
            .queryParam("from", from.toString())
            .queryParam("to", to.toString())
            .get("/rulesets/" + candidate + "/backtest")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(report.getString("activeVersion")).isEqualTo("v1");
    assertThat(report.getString("candidateVersion")).isEqualTo("v" + candidate);
    assertThat(report.getList("differences.subjectId", String.class))
        .contains(dc.incidentId())
        .doesNotContain(ground.incidentId());
    assertThat(report.getInt("total") - report.getInt("unchanged"))
        .isEqualTo(report.getList("differences").size());
    assertThat(report.getInt("changes.'OPEN DEVICE_FAULT P2 -> SUPPRESS'"))
        .isGreaterThanOrEqualTo(1);
    assertThat(report.getInt("candidateKinds.SUPPRESS")).isGreaterThanOrEqualTo(1);
    assertThat(activeVersion()).isEqualTo(1);
  }

  @Test
  void onlyReliabilityEngineersChangeRulesetsAdminsMayRead() {
    Map<String, Object> body = upload("x", defaultDrl(), defaultExamples(), false);
    for (String token : List.of(Tokens.dispatcher(), admin(), Tokens.manager())) {
      Api.as(token)
          .body(body)
          .post("/rulesets")
          .then()
          .statusCode(403)
          .contentType(containsString("application/problem+json"));
      Api.as(token).post("/rulesets/1/activation").then().statusCode(403);
      Api.as(token).post("/rulesets/rollback").then().statusCode(403);
    }
    Api.as(Tokens.engineer()).get("/rulesets").then().statusCode(403);
    Api.as(admin()).get("/rulesets").then().statusCode(200);
    Api.as(admin()).get("/rulesets/audit").then().statusCode(200);
  }

  // ------------------------------------------------------------------------------------ helpers

  private IngestOutcome apply(Incident incident) {
    return ingest.incident(incident).await().atMost(Duration.ofSeconds(30));
  }

  private static long uploadVariant(boolean activate) {
    return Api.as(reliability())
        .body(
            upload(
                "commissioning", defaultDrl() + SUPPRESS_DC_OVER_VOLT, defaultExamples(), activate))
        .post("/rulesets")
        .then()
        .statusCode(201)
        .body("validation.accepted", equalTo(true))
        .extract()
        .jsonPath()
        .getLong("version.id");
  }

  private static JsonPath dryRun(Incident incident) {
    return Api.as(reliability())
        .body(EventCodec.encodeToString(incident))
        .post("/rulesets/dry-run")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> upload(
      String label, String drl, List<Map<String, Object>> examples, boolean activate) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", label);
    body.put("comment", "uploaded by a test");
    body.put("drl", drl);
    body.put("examples", examples);
    body.put("activate", activate);
    return body;
  }

  private static String defaultDrl() {
    return Api.as(admin()).get("/rulesets/1").then().statusCode(200).extract().path("drl");
  }

  private static List<Map<String, Object>> defaultExamples() {
    return new java.util.ArrayList<>(
        Api.as(admin())
            .get("/rulesets/1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("examples"));
  }

  private static List<Object> versions() {
    return Api.as(admin())
        .get("/rulesets")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static long activeVersion() {
    return Api.as(admin())
        .get("/rulesets/active")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("versionId");
  }

  private static List<Map<String, Object>> audit() {
    return Api.as(admin())
        .get("/rulesets/audit")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static List<String> auditActions() {
    return audit().stream().map(e -> (String) e.get("action")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String reliability() {
    return Tokens.of("rita.reliability", "reliability");
  }

  private static String admin() {
    return Tokens.admin();
  }
}
