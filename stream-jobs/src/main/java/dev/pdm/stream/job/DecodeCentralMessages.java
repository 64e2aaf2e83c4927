package dev.pdm.stream.job;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.stream.correlation.WireTypes;
import dev.pdm.stream.mqtt.MqttRecord;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw MQTT messages: alarms (left) and telemetry (right) to the main output, in arrival
 * order, so that one event-time watermark can follow both; dead letters to a side output. A message
 * that breaks the contract never fails the job; it becomes a {@link DeadLetter} with the reason and
 * is counted ({@code invalid}).
 */
public final class DecodeCentralMessages
    extends ProcessFunction<MqttRecord, Either<AlarmEvent, TelemetryReading>> {

  private static final long serialVersionUID = 1L;

  /** The component name in dead letters and in the dead-letter topic. */
  public static final String SOURCE_NAME = "stream-jobs";

  /** The main output's type: an alarm or a telemetry reading. */
  public static final TypeInformation<Either<AlarmEvent, TelemetryReading>> DECODED =
      Types.EITHER(WireTypes.ALARM, WireTypes.TELEMETRY);

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final Clock clock;
  private transient Counter invalid;

  public DecodeCentralMessages() {
    this(Clock.systemUTC());
  }

  DecodeCentralMessages(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    invalid = getRuntimeContext().getMetricGroup().counter("invalid");
  }

  @Override
  public void processElement(
      MqttRecord message, Context ctx, Collector<Either<AlarmEvent, TelemetryReading>> out) {
    CentralMessages.Decoded decoded;
    try {
      decoded = CentralMessages.decode(message.topic(), message.payload());
    } catch (InvalidEventException e) {
      if (invalid != null) {
        invalid.inc();
      }
      ctx.output(
          DEAD_LETTERS,
          DeadLetter.of(SOURCE_NAME, message.topic(), e, message.payload(), clock.instant()));
      return;
    }
    if (decoded.alarm() != null) {
      out.collect(Either.Left(decoded.alarm()));
    } else {
      out.collect(Either.Right(decoded.telemetry()));
    }
  }
}
