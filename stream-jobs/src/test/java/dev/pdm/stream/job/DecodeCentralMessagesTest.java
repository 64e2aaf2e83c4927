package dev.pdm.stream.job;

import static dev.pdm.stream.job.Events.SITE;
import static dev.pdm.stream.job.Events.groundFault;
import static dev.pdm.stream.job.Events.heatsink;
import static dev.pdm.stream.job.Events.onItsTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.mqtt.MqttRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeCentralMessagesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  private OneInputStreamOperatorTestHarness<MqttRecord, Either<AlarmEvent, TelemetryReading>>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new DecodeCentralMessages(Clock.fixed(NOW, ZoneOffset.UTC))));
    harness.setup(
        DecodeCentralMessages.DECODED.createSerializer(
            harness.getExecutionConfig().getSerializerConfig()));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void anAlarmOnItsTopicGoesToTheMainOutput() throws Exception {
    AlarmEvent alarm = groundFault("INV-1", 1);
    harness.processElement(onItsTopic(alarm), 0);

    assertThat(alarms()).containsExactly(alarm);
    assertThat(telemetry()).isEmpty();
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void telemetryOnItsTopicGoesToTheTelemetryOutput() throws Exception {
    TelemetryReading reading = heatsink("INV-1", 4, 61.5);
    harness.processElement(onItsTopic(reading), 0);

    assertThat(telemetry()).containsExactly(reading);
    assertThat(alarms()).isEmpty();
  }

  @Test
  void invalidJsonBecomesADeadLetterWithTheReasonAndThePayload() throws Exception {
    String topic = Topics.central(SITE, "INV-1", Topics.Kind.ALARM);
    harness.processElement(new MqttRecord(topic, "{not json".getBytes(StandardCharsets.UTF_8)), 0);

    List<DeadLetter> letters = deadLetters();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.source()).isEqualTo(DecodeCentralMessages.SOURCE_NAME);
    assertThat(letter.topic()).isEqualTo(topic);
    assertThat(letter.reason()).startsWith("not valid JSON");
    assertThat(letter.payload()).isEqualTo("{not json");
    assertThat(letter.receivedAt()).isEqualTo(NOW);
    assertThat(alarms()).isEmpty();
  }

  @Test
  void aMissingRequiredFieldNamesTheField() throws Exception {
    String json = EventCodec.encodeToString(groundFault("INV-1", 1)).replace("\"seq\":1,", "");
    harness.processElement(
        new MqttRecord(
            Topics.central(SITE, "INV-1", Topics.Kind.ALARM),
            json.getBytes(StandardCharsets.UTF_8)),
        0);

    assertThat(deadLetters()).singleElement().extracting(DeadLetter::field).isEqualTo("seq");
  }

  @Test
  void aSerialThatDiffersFromTheTopicIsRejected() throws Exception {
    AlarmEvent alarm = groundFault("INV-1", 1);
    harness.processElement(
        new MqttRecord(Topics.central(SITE, "INV-2", Topics.Kind.ALARM), EventCodec.encode(alarm)),
        0);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.field()).isEqualTo("serial");
              assertThat(l.reason()).contains("INV-2");
            });
    assertThat(alarms()).isEmpty();
  }

  @Test
  void aSiteThatDiffersFromTheTopicIsRejected() throws Exception {
    AlarmEvent alarm = groundFault("INV-1", 1);
    harness.processElement(
        new MqttRecord(
            Topics.central("site-999", "INV-1", Topics.Kind.ALARM), EventCodec.encode(alarm)),
        0);

    assertThat(deadLetters()).singleElement().extracting(DeadLetter::field).isEqualTo("site");
  }

  @Test
  void telemetryPublishedOnAnAlarmTopicIsRejected() throws Exception {
    TelemetryReading reading = heatsink("INV-1", 1, 40.0);
    harness.processElement(
        new MqttRecord(
            Topics.central(SITE, "INV-1", Topics.Kind.ALARM), EventCodec.encode(reading)),
        0);

    assertThat(deadLetters()).hasSize(1);
    assertThat(telemetry()).isEmpty();
    assertThat(alarms()).isEmpty();
  }

  @Test
  void aMessageOnANonCentralTopicIsRejectedNotThrown() throws Exception {
    harness.processElement(
        new MqttRecord("devices/inverter/INV-1/alarm", "{}".getBytes(StandardCharsets.UTF_8)), 0);

    assertThat(deadLetters()).singleElement().extracting(DeadLetter::field).isEqualTo("topic");
  }

  @Test
  void processingContinuesAfterAnInvalidMessage() throws Exception {
    harness.processElement(
        new MqttRecord(Topics.central(SITE, "INV-1", Topics.Kind.ALARM), new byte[0]), 0);
    AlarmEvent alarm = groundFault("INV-1", 2);
    harness.processElement(onItsTopic(alarm), 0);

    assertThat(deadLetters()).hasSize(1);
    assertThat(alarms()).containsExactly(alarm);
  }

  private List<AlarmEvent> alarms() {
    return harness.extractOutputValues().stream().filter(Either::isLeft).map(Either::left).toList();
  }

  private List<TelemetryReading> telemetry() {
    return harness.extractOutputValues().stream()
        .filter(Either::isRight)
        .map(Either::right)
        .toList();
  }

  private List<DeadLetter> deadLetters() {
    var out = harness.getSideOutput(DecodeCentralMessages.DEAD_LETTERS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }
}
