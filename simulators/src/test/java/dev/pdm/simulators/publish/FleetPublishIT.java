package dev.pdm.simulators.publish;

import static dev.pdm.simulators.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.topic.Topics;
import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.FleetSimulator;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.SimulatorHandle;
import dev.pdm.simulators.generator.DeviceMessage;
import dev.pdm.simulators.scenario.ScenarioParams;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetPublishIT {

  @TempDir Path dir;

  MosquittoBroker broker;

  @BeforeEach
  void startBroker() {
    broker = MosquittoBroker.start();
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  SimulatorConfig smallFleet(double speed) {
    return Fixtures.smallFleet("mixed", dir)
        .inverters(30)
        .batteries(15)
        .chargers(15)
        .sites(3)
        .simDuration(Duration.ofDays(2))
        .speed(speed)
        .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.05))
        .brokerUrl(broker.url())
        .clientIdPrefix("sim-it")
        .build();
  }

  /** What the run must publish: the same simulation, generated without a broker. */
  static Map<String, Long> expectedAlarmFrames(SimulatorConfig config) {
    List<DeviceMessage> alarms =
        Fixtures.alarms(Fixtures.generateAll(Simulation.plan(config, config.simStart())));
    return alarms.stream()
        .collect(Collectors.groupingBy(DeviceMessage::serial, TreeMap::new, Collectors.counting()));
  }

  @Test
  void everyAlarmFrameOfASmallFleetReachesASubscriber() throws Exception {
    SimulatorConfig config = smallFleet(2 * 86_400 / 4.0);
    Map<String, Long> expected = expectedAlarmFrames(config);
    long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();

    try (DeviceSubscriber subscriber = new DeviceSubscriber(broker.url(), "sub-it", "", true);
        SimulatorHandle handle = FleetSimulator.start(config)) {
      assertThat(handle.awaitFinished(Duration.ofSeconds(60))).isTrue();
      assertThat(handle.awaitDrained(Duration.ofSeconds(30))).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> subscriber.distinctAlarmFrames() == expectedTotal);

      assertThat(expectedTotal).isGreaterThan(50);
      assertThat(subscriber.alarmFramesBySerial()).isEqualTo(expected);
      assertThat(handle.counters().alarmFramesBySerial()).isEqualTo(expected);
      PublishCounters.Snapshot counts = handle.counters().snapshot();
      assertThat(counts.alarmFramesPublished()).isEqualTo(expectedTotal);
      assertThat(counts.alarmFramesAcknowledged()).isEqualTo(expectedTotal);
      assertThat(counts.telemetryPublished() + counts.telemetryDropped())
          .isEqualTo(counts.generated() - expectedTotal);
      assertThat(subscriber.telemetryMessages()).isPositive();
      // two simulated days went by in seconds, and the devices' clocks say so
      assertThat(subscriber.minDeviceTime()).isGreaterThanOrEqualTo(T0.toEpochMilli());
      assertThat(subscriber.maxDeviceTime())
          .isLessThan(T0.plus(Duration.ofDays(2)).toEpochMilli())
          .isGreaterThan(T0.plus(Duration.ofDays(1)).toEpochMilli());
    }
  }

  /*
   * The two restart tests below verify delivery at the publisher: every alarm frame is
   * acknowledged (PUBACK) by the restarted broker. They do not rely on the subscriber's session
   * surviving the restart, because a broker restart may lose it (the private broker cannot always
   * save its store on this machine); the subscriber re-subscribes on reconnect instead and must see
   * what is published after that.
   */

  @Test
  void aRunResumesAfterTheBrokerRestartsAndEveryAlarmIsAcknowledged() throws Exception {
    SimulatorConfig config = smallFleet(2 * 86_400 / 8.0);
    Map<String, Long> expected = expectedAlarmFrames(config);
    long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();

    try (DeviceSubscriber subscriber = new DeviceSubscriber(broker.url(), "sub-restart", "", true);
        SimulatorHandle handle = FleetSimulator.start(config)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.distinctAlarmFrames() > 10);
      broker.stop();
      long publishedBefore = handle.counters().snapshot().alarmFramesPublished();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> handle.counters().snapshot().alarmFramesPublished() > publishedBefore + 5);
      broker.restart();
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.connects() > 1);
      int receivedAtReconnect = subscriber.distinctAlarmFrames();

      assertThat(handle.awaitFinished(Duration.ofSeconds(60))).isTrue();
      assertThat(handle.awaitDrained(Duration.ofSeconds(30))).isTrue();
      PublishCounters.Snapshot counts = handle.counters().snapshot();
      assertThat(counts.reconnects()).isGreaterThanOrEqualTo(3);
      assertThat(handle.counters().alarmFramesBySerial()).isEqualTo(expected);
      assertThat(counts.alarmFramesPublished()).isEqualTo(expectedTotal);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> handle.counters().snapshot().alarmFramesAcknowledged() == expectedTotal);
      assertThat(subscriber.distinctAlarmFrames()).isGreaterThan(receivedAtReconnect);
    }
  }

  @Test
  void alarmsPublishedWhileTheBrokerIsKilledAreDeliveredAfterItRestarts() throws Exception {
    try (DeviceSubscriber subscriber = new DeviceSubscriber(broker.url(), "sub-kill", "", true)) {
      PublishCounters counters = new PublishCounters();
      try (SitePublisher publisher =
          new SitePublisher("site-001", broker.url(), "pub-kill", 10_000, counters)) {
        publisher.connect(10_000);
        for (int seq = 0; seq < 50; seq++) {
          publisher.publish(alarm("INV-000001", seq));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.distinctAlarmFrames() == 50);

        broker.kill();
        for (int seq = 50; seq < 250; seq++) {
          publisher.publish(alarm("INV-000001", seq));
        }
        broker.restart();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> counters.snapshot().alarmFramesAcknowledged() == 250);
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.connects() > 1);
        for (int seq = 250; seq < 300; seq++) {
          publisher.publish(alarm("INV-000001", seq));
        }

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> subscriber.alarmFramesBySerial().get("INV-000001") >= 100);
        assertThat(counters.snapshot().reconnects()).isPositive();
        assertThat(counters.alarmFramesBySerial()).containsEntry("INV-000001", 300L);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> counters.snapshot().alarmFramesAcknowledged() == 300);
      }
    }
  }

  @Test
  void alarmsInFlightWhenTheBrokerIsKilledArePublishedAgainAndAcknowledged() {
    PublishCounters counters = new PublishCounters();
    try (SitePublisher publisher =
        new SitePublisher("site-001", broker.url(), "pub-inflight", 10_000, counters)) {
      publisher.connect(10_000);
      for (int seq = 0; seq < 3000; seq++) {
        if (seq == 1000) {
          broker.kill();
        }
        publisher.publish(alarm("INV-000002", seq));
      }
      broker.restart();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> counters.snapshot().alarmFramesAcknowledged() == 3000);
      assertThat(publisher.pending()).isZero();
      assertThat(counters.snapshot().reconnects()).isPositive();
    }
  }

  static DeviceMessage alarm(String serial, long seq) {
    String json =
        "{\"sn\":\""
            + serial
            + "\",\"sunspecModel\":103,\"model\":\"SUN-50K\",\"fw\":\"V2.4.0\","
            + "\"Evt1\":"
            + (seq % 2 == 0 ? 1 : 0)
            + ",\"EvtVnd1\":0,\"seq\":"
            + seq
            + ",\"ts\":"
            + (T0.toEpochMilli() + seq * 1000)
            + "}";
    return new DeviceMessage(
        Topics.device(dev.pdm.model.device.DeviceClass.INVERTER, serial, Topics.Kind.ALARM),
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        1,
        Topics.Kind.ALARM,
        serial,
        "site-001",
        T0.toEpochMilli() + seq * 1000,
        1);
  }
}
