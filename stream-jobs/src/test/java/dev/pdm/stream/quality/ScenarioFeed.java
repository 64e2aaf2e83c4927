package dev.pdm.stream.quality;

import dev.pdm.gateway.adapter.Normalised;
import dev.pdm.gateway.adapter.Normaliser;
import dev.pdm.gateway.adapter.SiteResolver;
import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.generator.DeviceMessage;
import dev.pdm.stream.mqtt.MqttRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a planned simulation into what the central broker would carry: every message the fleet
 * publishes over the whole range (the simulators' generator), normalised by the edge gateway's own
 * {@link Normaliser} (SunSpec bitfields and OCPP notifications into canonical alarm edges), as
 * central-topic records in device-time order, written to a file for {@link RecordFileSource}.
 */
final class ScenarioFeed {

  /** What was written. */
  record Written(Path records, long alarms, long telemetry, long rejected) {}

  private ScenarioFeed() {}

  static Written write(Simulation sim, Path records) {
    Normaliser normaliser =
        new Normaliser(
            SiteResolver.fromRegistry(sim.config().registryCsv()), AlarmCatalogue.standard());
    Map<String, DeviceAlarmState> states = new HashMap<>();
    long[] counts = new long[3];
    try (RecordFileSource.Writer out = new RecordFileSource.Writer(records)) {
      sim.newGenerator()
          .advanceTo(
              sim.plan().toMillis(),
              (DeviceMessage m) -> {
                Normalised n;
                try {
                  n = normaliser.normalise(m.topic(), m.payload(), states::get);
                } catch (InvalidEventException e) {
                  counts[2]++;
                  return;
                }
                if (n.nextState() != null) {
                  states.put(n.serial(), n.nextState());
                }
                try {
                  for (AlarmEvent a : n.alarms()) {
                    out.write(
                        new MqttRecord(
                            Topics.central(a.site(), a.serial(), Topics.Kind.ALARM),
                            EventCodec.encode(a)));
                    counts[0]++;
                  }
                  TelemetryReading t = n.telemetry();
                  if (t != null) {
                    out.write(
                        new MqttRecord(
                            Topics.central(t.site(), t.serial(), Topics.Kind.TELEMETRY),
                            EventCodec.encode(t)));
                    counts[1]++;
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Written(records, counts[0], counts[1], counts[2]);
  }
}
