package dev.pdm.ticket.ingest;

import static dev.pdm.ticket.ingest.Incidents.DC_OVER_VOLT;
import static dev.pdm.ticket.ingest.Incidents.GROUND_FAULT;
import static dev.pdm.ticket.ingest.Incidents.HEATSINK_TEMP_RISE;
import static dev.pdm.ticket.ingest.Incidents.MANUAL_SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.topic.Topics;
import dev.pdm.ticket.it.Api;
import dev.pdm.ticket.it.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path: an incident or batch signal published to the central broker becomes the ticket
 * change the active ruleset decides, exactly once.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class AutomaticTicketingIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Inject FailingCommitHook hook;

  @Inject Pool pool;

  private BrokerClient broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new BrokerClient(IngestTestResource.broker().url());
  }

  @AfterEach
  void disconnect() throws Exception {
    broker.close();
  }

  @Test
  void groundFaultOpensP1DeviceFaultTicketRecordingIncidentEvidenceAndDecision() throws Exception {
    String serial = Fleet.inverter("B-GF");
    Incident incident = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();

    broker.publish(Topics.INCIDENTS, incident);

    Map<String, Object> row = awaitRecorded(incident.incidentId(), 1);
    assertThat(row).containsEntry("outcome", "APPLIED").containsEntry("decisionKind", "OPEN");
    JsonPath ticket = ticket(((Number) row.get("ticketId")).longValue());
    assertThat(ticket.getString("type")).isEqualTo("DEVICE_FAULT");
    assertThat(ticket.getString("priority")).isEqualTo("P1");
    assertThat(ticket.getString("serial")).isEqualTo(serial);
    assertThat(ticket.getString("customerTier")).isEqualTo("GOLD");
    assertThat(ticket.getList("alarmCodes")).containsExactly(GROUND_FAULT);
    assertThat(ticket.getString("evidence.incident.incidentId")).isEqualTo(incident.incidentId());
    assertThat(ticket.getString("decision.rulesetVersion")).isEqualTo("v1");
    assertThat(ticket.getList("decision.firedRules", String.class))
        .contains("Ground fault opens a P1 device-fault ticket for the safety team");
    assertThat(ticket.getString("createdBy")).isEqualTo(DecisionApplier.ACTOR);
  }

  @Test
  void predictiveFindingOpensPredictiveMaintenanceTicket() throws Exception {
    String serial = Fleet.inverter("B-PM");
    Incident incident = Incidents.predictive(serial, HEATSINK_TEMP_RISE).build();

    broker.publish(Topics.INCIDENTS, incident);

    Map<String, Object> row = awaitRecorded(incident.incidentId(), 1);
    JsonPath ticket = ticket(((Number) row.get("ticketId")).longValue());
    assertThat(ticket.getString("type")).isEqualTo("PREDICTIVE_MAINTENANCE");
    assertThat(ticket.getString("priority")).isEqualTo("P3");
  }

  @Test
  void repeatOfTheCodeOnAnOpenTicketFoldsIntoIt() throws Exception {
    String serial = Fleet.inverter("B-FOLD");
    Instant t0 =
        Instant.now()
            .minus(Duration.ofMinutes(10))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Incident first = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).firstSeen(t0).build();
    Incident again =
        Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL)
            .firstSeen(t0.plus(Duration.ofMinutes(5)))
            .build();

    broker.publish(Topics.INCIDENTS, first);
    broker.publish(Topics.INCIDENTS, again);

    long opened = ticketId(awaitRecorded(first.incidentId(), 1));
    Map<String, Object> fold = awaitRecorded(again.incidentId(), 1);
    assertThat(fold).containsEntry("decisionKind", "FOLD");
    assertThat(ticketId(fold)).isEqualTo(opened);
    assertThat(ticket(opened).getInt("occurrences")).isEqualTo(2);
    assertThat(ticketsOf(serial)).hasSize(1);
  }

  @Test
  void moreUrgentFaultEscalatesTheOpenTicket() throws Exception {
    String serial = Fleet.inverter("B-ESC");
    Incident major = Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR).build();
    Incident critical = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();

    broker.publish(Topics.INCIDENTS, major);
    long opened = ticketId(awaitRecorded(major.incidentId(), 1));
    assertThat(ticket(opened).getString("priority")).isEqualTo("P2");
    broker.publish(Topics.INCIDENTS, critical);

    Map<String, Object> row = awaitRecorded(critical.incidentId(), 1);
    assertThat(row).containsEntry("decisionKind", "ESCALATE");
    JsonPath ticket = ticket(opened);
    assertThat(ticket.getString("priority")).isEqualTo("P1");
    assertThat(ticket.getInt("escalationLevel")).isEqualTo(1);
  }

  @Test
  void manualShutdownIsSuppressedAndOpensNoTicket() throws Exception {
    String serial = Fleet.inverter("B-SUP");
    Incident shutdown = Incidents.fault(serial, MANUAL_SHUTDOWN, Severity.INFO).build();

    broker.publish(Topics.INCIDENTS, shutdown);

    Map<String, Object> row = awaitRecorded(shutdown.incidentId(), 1);
    assertThat(row).containsEntry("outcome", "APPLIED").containsEntry("decisionKind", "SUPPRESS");
    assertThat(row.get("ticketId")).isNull();
    assertThat(ticketsOf(serial)).isEmpty();
  }

  @Test
  void batchSignalOpensOneBatchProblemLinkingTheBatchsDeviceTickets() throws Exception {
    String batch = "B-RISK-" + Api.newSerial("X").replace("-", "");
    String a = Fleet.inverter(batch);
    String b = Fleet.inverter(batch);
    Incident faultA = Incidents.fault(a, GROUND_FAULT, Severity.CRITICAL).build();
    Incident faultB = Incidents.fault(b, GROUND_FAULT, Severity.CRITICAL).build();
    broker.publish(Topics.INCIDENTS, faultA);
    broker.publish(Topics.INCIDENTS, faultB);
    long ticketA = ticketId(awaitRecorded(faultA.incidentId(), 1));
    long ticketB = ticketId(awaitRecorded(faultB.incidentId(), 1));
    BatchRiskSignal signal =
        Incidents.batchSignal(
            batch,
            "insulation",
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            List.of(a, b));

    broker.publish(Topics.BATCH_RISK, signal);

    Map<String, Object> row = awaitRecorded(signal.signalId(), 1);
    assertThat(row).containsEntry("decisionKind", "OPEN");
    JsonPath problem = ticket(ticketId(row));
    assertThat(problem.getString("type")).isEqualTo("BATCH_PROBLEM");
    assertThat(problem.getString("batch")).isEqualTo(batch);
    assertThat(recordedDecision(signal.signalId()).getList("linkTicketIds", String.class))
        .containsExactlyInAnyOrder(String.valueOf(ticketA), String.valueOf(ticketB));
    assertThat(linkedFrom(ticketId(row))).containsExactlyInAnyOrder(ticketA, ticketB);

    // the batch keeps failing: a later signal folds into the problem and links the new ticket
    String c = Fleet.inverter(batch);
    Incident faultC = Incidents.fault(c, GROUND_FAULT, Severity.CRITICAL).build();
    broker.publish(Topics.INCIDENTS, faultC);
    long ticketC = ticketId(awaitRecorded(faultC.incidentId(), 1));
    BatchRiskSignal later =
        Incidents.batchSignal(
            batch,
            "insulation",
            Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS),
            List.of(a, b, c));
    broker.publish(Topics.BATCH_RISK, later);

    Map<String, Object> fold = awaitRecorded(later.signalId(), 1);
    assertThat(fold).containsEntry("decisionKind", "FOLD");
    assertThat(ticketId(fold)).isEqualTo(ticketId(row));
    assertThat(linkedFrom(ticketId(row))).containsExactlyInAnyOrder(ticketA, ticketB, ticketC);
  }

  private static List<Long> linkedFrom(long problemId) {
    List<Map<String, Object>> links =
        Api.as(Tokens.dispatcher())
            .get("/tickets/" + problemId + "/links")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return links.stream()
        .filter(l -> "PROBLEM_OF".equals(l.get("kind")))
        .filter(l -> ((Number) l.get("from")).longValue() == problemId)
        .map(l -> ((Number) l.get("to")).longValue())
        .toList();
  }

  @Test
  void faultSoonAfterItsTicketWasResolvedReopensIt() throws Exception {
    String serial = Fleet.inverter("B-REOPEN");
    Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    Incident first = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).firstSeen(t0).build();
    broker.publish(Topics.INCIDENTS, first);
    long opened = ticketId(awaitRecorded(first.incidentId(), 1));
    // the fix as the field engineer's workflow would leave it, without its many steps
    pool.preparedQuery(
            "UPDATE ticket SET status = 'RESOLVED', resolved_at = now() - interval '1 day'"
                + " WHERE id = $1")
        .execute(Tuple.of(opened))
        .await()
        .atMost(PATIENCE);
    Incident recurrence = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();

    broker.publish(Topics.INCIDENTS, recurrence);

    Map<String, Object> row = awaitRecorded(recurrence.incidentId(), 1);
    assertThat(row).containsEntry("decisionKind", "REOPEN");
    assertThat(ticketId(row)).isEqualTo(opened);
    JsonPath ticket = ticket(opened);
    assertThat(ticket.getInt("reopenCount")).isEqualTo(1);
    assertThat(ticket.getString("status")).isNotEqualTo("RESOLVED");
    assertThat(ticketsOf(serial)).hasSize(1);
  }

  @Test
  void redeliveredIncidentChangesNothing() throws Exception {
    String serial = Fleet.inverter("B-DUP");
    Incident incident = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();
    Incident marker =
        Incidents.fault(Fleet.inverter("B-DUP"), GROUND_FAULT, Severity.CRITICAL).build();

    broker.publish(Topics.INCIDENTS, incident);
    long opened = ticketId(awaitRecorded(incident.incidentId(), 1));
    broker.publish(Topics.INCIDENTS, incident);
    broker.publish(Topics.INCIDENTS, incident);
    // one consumer handles one topic in order: once the marker is recorded, so are the replays
    broker.publish(Topics.INCIDENTS, marker);
    awaitRecorded(marker.incidentId(), 1);

    assertThat(recorded(incident.incidentId())).hasSize(1);
    assertThat(ticketsOf(serial)).hasSize(1);
    assertThat(ticket(opened).getInt("occurrences")).isEqualTo(1);
    assertThat(auditActions(opened)).doesNotContain("FOLD", "ESCALATE");
  }

  @Test
  void olderVersionThanOneAppliedIsIgnored() throws Exception {
    String serial = Fleet.inverter("B-OLD");
    Incidents.Builder b = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL);
    Incident v1 = b.version(1).build();
    Incident v3 = b.version(3).occurrences(3).build();
    Incident v2 = b.version(2).occurrences(2).build();

    broker.publish(Topics.INCIDENTS, v1);
    long opened = ticketId(awaitRecorded(v1.incidentId(), 1));
    broker.publish(Topics.INCIDENTS, v3);
    Map<String, Object> applied = awaitRecorded(v1.incidentId(), 3);
    assertThat(applied).containsEntry("decisionKind", "FOLD");
    broker.publish(Topics.INCIDENTS, v2);

    Map<String, Object> stale = awaitRecorded(v1.incidentId(), 2);
    assertThat(stale).containsEntry("outcome", "STALE");
    assertThat(stale.get("ticketId")).isNull();
    assertThat(ticket(opened).getInt("occurrences")).isEqualTo(2);
  }

  @Test
  void invalidPayloadIsDeadLetteredAndTheStreamGoesOn() throws Exception {
    broker.collect(Topics.deadLetter("ticket-api"));
    Incident valid =
        Incidents.fault(Fleet.inverter("B-DL"), GROUND_FAULT, Severity.CRITICAL).build();

    broker.publishRaw(Topics.INCIDENTS, "{\"incidentId\": 42".getBytes(StandardCharsets.UTF_8));
    broker.publish(Topics.INCIDENTS, valid);

    awaitRecorded(valid.incidentId(), 1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(broker.received())
                    .anySatisfy(
                        letter -> {
                          JsonPath dl = JsonPath.from(letter);
                          assertThat(dl.getString("source")).isEqualTo("ticket-api");
                          assertThat(dl.getString("topic")).isEqualTo(Topics.INCIDENTS);
                          assertThat(dl.getString("reason")).isNotBlank();
                          assertThat(dl.getString("payload")).contains("\"incidentId\": 42");
                        }));
  }

  @Test
  void incidentFromADeviceNotInTheRegistryOpensItsTicketFromTheIncidentsFacts() throws Exception {
    String site = "SITE-" + Api.newSerial("NEW");
    Fleet.register(Api.newSerial("INV"), "B-SIB", site, "South", "GOLD", "CUST-SIB");
    String unregistered = Api.newSerial("INV");
    Incident first =
        Incidents.fault(unregistered, GROUND_FAULT, Severity.CRITICAL).site(site).build();

    broker.publish(Topics.INCIDENTS, first);

    Map<String, Object> row = awaitRecorded(first.incidentId(), 1);
    assertThat(row).containsEntry("outcome", "APPLIED").containsEntry("decisionKind", "OPEN");
    assertThat((String) row.get("detail")).contains("not in the registry");
    JsonPath ticket = ticket(ticketId(row));
    assertThat(ticket.getString("serial")).isEqualTo(unregistered);
    assertThat(ticket.getString("model")).isEqualTo("SG110CX");
    assertThat(ticket.getString("firmware")).isEqualTo("V1.2.3");
    assertThat(ticket.getString("siteId")).isEqualTo(site);
    // the site is known from a registered neighbour; the customer is not known at all
    assertThat(ticket.getString("region")).isEqualTo("South");
    assertThat(ticket.getString("customerId")).isEqualTo(ProvisionalDevices.NO_CUSTOMER);
    assertThat(ticket.getString("customerTier")).isEqualTo("STANDARD");
    assertThat(imported(unregistered)).isFalse();

    // the registry import takes the device over; the next incident folds into its ticket
    Fleet.register(unregistered, "B-LATE", site, "South", "PLATINUM", "CUST-LATE");
    assertThat(imported(unregistered)).isTrue();
    JsonPath device =
        Api.as(Tokens.dispatcher())
            .get("/devices/" + unregistered)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(device.getString("customerId")).isEqualTo("CUST-LATE");
    assertThat(device.getString("batch")).isEqualTo("B-LATE");
    Incident second =
        Incidents.fault(unregistered, GROUND_FAULT, Severity.CRITICAL)
            .site(site)
            .firstSeen(first.firstSeen().plusSeconds(20))
            .build();
    broker.publish(Topics.INCIDENTS, second);
    Map<String, Object> fold = awaitRecorded(second.incidentId(), 1);
    assertThat(fold).containsEntry("decisionKind", "FOLD");
    assertThat(ticketId(fold)).isEqualTo(ticketId(row));
    assertThat((String) fold.get("detail")).doesNotContain("registry");
    assertThat(ticketsOf(unregistered)).hasSize(1);
  }

  @Test
  void deviceKnownOnlyFromItsIncidentsIsUnregisteredToTheRules() throws Exception {
    String unregistered = Api.newSerial("INV");
    Incident fault =
        Incidents.fault(unregistered, DC_OVER_VOLT, Severity.MAJOR)
            .site("SITE-" + Api.newSerial("LONE"))
            .build();

    broker.publish(Topics.INCIDENTS, fault);

    Map<String, Object> row = awaitRecorded(fault.incidentId(), 1);
    JsonPath decision = recordedDecision(fault.incidentId());
    // no region is known: the rules route to the unassigned field-service queue
    assertThat(decision.getString("assignmentGroup")).isEqualTo("field-service-unassigned");
    assertThat(decision.getString("slaPolicy")).isEqualTo("device-standard-p2");
    assertThat(ticket(ticketId(row)).getString("region")).isEqualTo("unknown");
  }

  @Test
  void openedTicketRunsOnTheRulesSlaPolicyAndGoesToItsAssignmentGroup() throws Exception {
    String region = "North" + Api.newSerial("R").replace("-", "");
    routingFor(region);
    String serial = Fleet.inverterIn(region, "GOLD");
    Incident groundFault = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();

    broker.publish(Topics.INCIDENTS, groundFault);

    long id = ticketId(awaitRecorded(groundFault.incidentId(), 1));
    JsonPath ticket = ticket(id);
    assertThat(recordedDecision(groundFault.incidentId()).getString("slaPolicy"))
        .isEqualTo("safety-gold-p1");
    // safety-gold-p1: 15 / 240 minutes round the clock; the GOLD P1 default is 30 / 480
    assertThat(clock(id, "RESPONSE")).containsEntry("targetMinutes", 15);
    assertThat(clock(id, "RESPONSE")).containsEntry("calendar", "round-the-clock");
    assertThat(clock(id, "RESOLUTION")).containsEntry("targetMinutes", 240);
    assertThat(Instant.parse(ticket.getString("responseDueAt")))
        .isEqualTo(Instant.parse(ticket.getString("createdAt")).plus(Duration.ofMinutes(15)));
    // the region's least-loaded engineer would be adam; the rule names the safety team
    assertThat(ticket.getString("assignee")).isEqualTo(SAFETY_ENGINEER);
    assertThat(ticket.getString("groupId")).isEqualTo("safety-response");
    assertThat(ticket.getString("status")).isEqualTo("ASSIGNED");
    assertThat(auditActions(id)).containsSubsequence("CREATE", "SLA_POLICY", "ASSIGN");
  }

  @Test
  void deviceFaultGoesToTheFieldServiceGroupTheRuleNames() throws Exception {
    String region = "North" + Api.newSerial("R").replace("-", "");
    routingFor(region);
    String serial = Fleet.inverterIn(region, "GOLD");
    Incident fault = Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR).build();

    broker.publish(Topics.INCIDENTS, fault);

    long id = ticketId(awaitRecorded(fault.incidentId(), 1));
    String group = "field-service-" + region.toLowerCase(java.util.Locale.ROOT);
    assertThat(recordedDecision(fault.incidentId()).getString("assignmentGroup")).isEqualTo(group);
    JsonPath ticket = ticket(id);
    assertThat(ticket.getString("assignee")).isEqualTo("fiona-" + region);
    assertThat(ticket.getString("groupId")).isEqualTo(group);
  }

  @Test
  void escalationMovesTheClocksToThePolicyTheRuleNames() throws Exception {
    String serial = Fleet.inverter("B-ESC-SLA");
    Incident predicted = Incidents.predictive(serial, HEATSINK_TEMP_RISE).build();
    broker.publish(Topics.INCIDENTS, predicted);
    long id = ticketId(awaitRecorded(predicted.incidentId(), 1));
    // predictive-gold-p3: four times the GOLD P3 response (240 min), office hours
    assertThat(clock(id, "RESPONSE")).containsEntry("targetMinutes", 960);

    Incident groundFault = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();
    broker.publish(Topics.INCIDENTS, groundFault);

    Map<String, Object> row = awaitRecorded(groundFault.incidentId(), 1);
    assertThat(row).containsEntry("decisionKind", "ESCALATE");
    assertThat(ticketId(row)).isEqualTo(id);
    assertThat(recordedDecision(groundFault.incidentId()).getString("slaPolicy"))
        .isEqualTo("predictive-gold-p1");
    assertThat(ticket(id).getString("priority")).isEqualTo("P1");
    // predictive-gold-p1: 120 / 1440 minutes on office hours; the GOLD P1 default is 30 / 480
    // round the clock
    assertThat(clock(id, "RESPONSE"))
        .containsEntry("targetMinutes", 120)
        .containsEntry("calendar", "office");
    assertThat(clock(id, "RESOLUTION")).containsEntry("targetMinutes", 1440);
    assertThat(auditActions(id)).containsSubsequence("ESCALATE", "SLA_POLICY");
  }

  @Test
  void undefinedPolicyAndGroupFallBackToTheDefaultsAndTheDecisionSaysSo() throws Exception {
    String region = "West" + Api.newSerial("R").replace("-", "");
    String serial = Fleet.inverterIn(region, "SILVER");
    pool.preparedQuery("DELETE FROM sla_named_policy WHERE name = 'device-silver-p2'")
        .execute()
        .await()
        .atMost(PATIENCE);
    Incident fault = Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR).build();

    broker.publish(Topics.INCIDENTS, fault);

    Map<String, Object> row = awaitRecorded(fault.incidentId(), 1);
    assertThat(row).containsEntry("outcome", "APPLIED").containsEntry("decisionKind", "OPEN");
    assertThat((String) row.get("detail"))
        .contains("SLA policy device-silver-p2 is not defined")
        .contains("assignment group field-service-" + region.toLowerCase(java.util.Locale.ROOT))
        .contains("is not defined");
    long id = ticketId(row);
    // the SILVER P2 default: 120 / 1440 minutes on office hours
    assertThat(clock(id, "RESPONSE")).containsEntry("targetMinutes", 120);
    assertThat(clock(id, "RESOLUTION")).containsEntry("targetMinutes", 1440);
    assertThat(auditActions(id)).doesNotContain("SLA_POLICY");
  }

  /**
   * A rule with a bug: it reopens a ticket that is still open, which the ticket service refuses.
   */
  private static final String REOPEN_WHAT_IS_OPEN =
      """

      rule "Any fault on a REJ- device reopens its open ticket"
          salience 950
      when
          IncidentFact(serial.startsWith("REJ-"), $s : serial)
          TicketFact(serial == $s, isOpen(), $t : id)
          $out : DecisionSheet(undecided)
      then
          modify($out) { reopen($t, Priority.P2, "reopen ticket " + $t) }
      end
      """;

  @Test
  void decisionTheTicketServiceRefusesIsRecordedAsRejectedAndTheStreamGoesOn() throws Exception {
    String serial =
        Fleet.register(
            "REJ-" + Api.newSerial("INV"), "B-REJ", "SITE-1", "East", "GOLD", "CUST-INGEST");
    Incident first = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();
    broker.publish(Topics.INCIDENTS, first);
    long opened = ticketId(awaitRecorded(first.incidentId(), 1));
    String statusBefore = ticket(opened).getString("status");
    activate(REOPEN_WHAT_IS_OPEN);
    try {
      Incident refused = Incidents.fault(serial, DC_OVER_VOLT, Severity.MAJOR).build();
      Incident next =
          Incidents.fault(Fleet.inverter("B-REJ"), GROUND_FAULT, Severity.CRITICAL).build();

      broker.publish(Topics.INCIDENTS, refused);
      broker.publish(Topics.INCIDENTS, next);

      Map<String, Object> rejected = awaitRecorded(refused.incidentId(), 1);
      assertThat(rejected).containsEntry("outcome", "REJECTED");
      assertThat((String) rejected.get("detail")).contains("ticket service refused the decision");
      assertThat(awaitRecorded(next.incidentId(), 1)).containsEntry("outcome", "APPLIED");
      assertThat(ticketsOf(serial)).hasSize(1);
      assertThat(ticket(opened).getString("status")).isEqualTo(statusBefore);
      assertThat(ticket(opened).getInt("reopenCount")).isZero();
    } finally {
      Api.as(reliability()).post("/rulesets/rollback").then().statusCode(200);
    }
  }

  @Test
  void transactionFailingAfterReceiptIsRedeliveredAndAppliedExactlyOnce() throws Exception {
    String serial = Fleet.inverter("B-CRASH");
    Incident incident = Incidents.fault(serial, GROUND_FAULT, Severity.CRITICAL).build();
    hook.failBeforeCommit(incident.incidentId(), 2);

    broker.publish(Topics.INCIDENTS, incident);

    Map<String, Object> row = awaitRecorded(incident.incidentId(), 1);
    assertThat(row).containsEntry("outcome", "APPLIED");
    // two rolled-back attempts, each followed by a redelivery, then the one that committed
    assertThat(hook.attempts(incident.incidentId())).isEqualTo(3);
    assertThat(recorded(incident.incidentId())).hasSize(1);
    assertThat(ticketsOf(serial)).hasSize(1);
    assertThat(ticket(ticketId(row)).getInt("occurrences")).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------ helpers

  private static final String SAFETY_ENGINEER = "sam-safety";

  /**
   * The safety team (its own region, so routing by region never reaches it), the region's
   * field-service group (fiona) and an ordinary group of the region (adam, first by name, so the
   * service's own routing by region and product line would pick him at equal load).
   */
  private static void routingFor(String region) {
    Api.group("safety-response", "National", "INVERTER");
    Api.engineer(SAFETY_ENGINEER, "safety-response", 200, "inverter");
    String fieldService = "field-service-" + region.toLowerCase(java.util.Locale.ROOT);
    Api.group(fieldService, region, "INVERTER");
    Api.engineer("fiona-" + region, fieldService, 50, "inverter");
    Api.group("inverters-" + region, region, "INVERTER");
    Api.engineer("adam-" + region, "inverters-" + region, 50, "inverter");
  }

  /** Uploads the default ruleset plus {@code extraRules} (with its examples) and activates it. */
  private static void activate(String extraRules) {
    String drl =
        Api.as(reliability()).get("/rulesets/1").then().statusCode(200).extract().path("drl");
    List<Object> examples =
        Api.as(reliability())
            .get("/rulesets/1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("examples");
    Api.as(reliability())
        .body(
            Map.of(
                "label",
                "with a rule bug",
                "comment",
                "uploaded by a test",
                "drl",
                drl + extraRules,
                "examples",
                examples,
                "activate",
                true))
        .post("/rulesets")
        .then()
        .statusCode(201);
  }

  private static Map<String, Object> clock(long ticketId, String clock) {
    List<Map<String, Object>> clocks =
        Api.as(Tokens.dispatcher())
            .get("/tickets/" + ticketId + "/sla")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("clocks");
    return clocks.stream().filter(c -> clock.equals(c.get("clock"))).findFirst().orElseThrow();
  }

  private boolean imported(String serial) {
    return pool.preparedQuery("SELECT imported FROM device WHERE serial = $1")
        .execute(Tuple.of(serial))
        .await()
        .atMost(PATIENCE)
        .iterator()
        .next()
        .getBoolean(0);
  }

  private static String reliability() {
    return Tokens.of("rita.reliability", "reliability");
  }

  private static List<Map<String, Object>> recorded(String subjectId) {
    return Api.as(reliability())
        .get("/ingest/subjects/" + subjectId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static Map<String, Object> awaitRecorded(String subjectId, long version) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                recorded(subjectId).stream()
                    .filter(r -> ((Number) r.get("version")).longValue() == version)
                    .findFirst()
                    .orElse(null),
            r -> r != null);
  }

  private static JsonPath recordedDecision(String subjectId) {
    return Api.as(reliability())
        .get("/ingest/subjects/" + subjectId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("[0].decision");
  }

  private static long ticketId(Map<String, Object> row) {
    return ((Number) row.get("ticketId")).longValue();
  }

  private static JsonPath ticket(long id) {
    return Api.get(id).then().statusCode(200).extract().jsonPath();
  }

  private static List<Object> ticketsOf(String serial) {
    return Api.as(Tokens.dispatcher())
        .queryParam("serial", serial)
        .get("/tickets")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  private static List<String> auditActions(long id) {
    return Api.as(Tokens.dispatcher())
        .get("/tickets/" + id + "/audit")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("action", String.class);
  }
}
