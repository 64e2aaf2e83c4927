package dev.pdm.gateway.adapter;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import java.util.List;

/**
 * The canonical result of one valid device message.
 *
 * @param site where the events go upstream
 * @param nextState the device's alarm state after this message, null for telemetry
 * @param undefinedBits SunSpec bits that changed but mean nothing in the catalogue
 * @param stale an alarm frame not newer than the device's last one (a redelivery): no events
 */
public record Normalised(
    String serial,
    String site,
    List<AlarmEvent> alarms,
    TelemetryReading telemetry,
    DeviceAlarmState nextState,
    int undefinedBits,
    boolean stale) {

  /** An alarm frame that is not newer than the last one processed for the device. */
  public static Normalised stale(String serial, String site) {
    return new Normalised(serial, site, List.of(), null, null, 0, true);
  }

  public boolean isAlarmFrame() {
    return telemetry == null;
  }
}
