package dev.pdm.gateway.adapter;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.catalogue.AlarmStandard;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.vendor.OcppStatusFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OCPP 1.6 chargers report one error code per connector in each StatusNotification. A code is
 * RAISED when the first connector gets it and CLEARED when the last connector loses it, because
 * downstream an alarm is one (serial, code) pair: two connectors with the same fault are one fault
 * of the charger. A different code on a connector replaces its previous one; {@code NoError} clears
 * it.
 */
public final class OcppAdapter {

  private static final String NO_ERROR = "NoError";

  private final AlarmCatalogue catalogue;

  public OcppAdapter(AlarmCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** Alarm edges of one notification and the state to remember afterwards. */
  public record Mapped(List<AlarmEvent> events, DeviceAlarmState.Ocpp next) {}

  /**
   * @param previous the charger's state, or null before its first notification
   */
  public Mapped map(OcppStatusFrame frame, DeviceAlarmState.Ocpp previous, String site) {
    DeviceAlarmState.Ocpp before = previous == null ? DeviceAlarmState.Ocpp.of(Map.of()) : previous;
    Map<Integer, String> active = new TreeMap<>(before.activeByConnector());
    int connector = frame.payload().connectorId();
    String old = active.get(connector);
    String now = frame.payload().errorCode();
    if (NO_ERROR.equals(now)) {
      active.remove(connector);
    } else {
      active.put(connector, now);
    }
    DeviceAlarmState.Ocpp next =
        DeviceAlarmState.Ocpp.of(active, frame.deviceTime().toEpochMilli(), frame.seq());
    String vendorCode = frame.payload().vendorErrorCode();
    List<AlarmEvent> events = new ArrayList<>();
    if (old != null && !old.equals(now) && !next.anyConnectorHas(old)) {
      events.add(event(frame, old, AlarmState.CLEARED, vendorCode, site));
    }
    if (!NO_ERROR.equals(now) && !before.anyConnectorHas(now)) {
      events.add(event(frame, now, AlarmState.RAISED, vendorCode, site));
    }
    return new Mapped(List.copyOf(events), next);
  }

  private AlarmEvent event(
      OcppStatusFrame frame, String errorCode, AlarmState state, String vendorCode, String site) {
    AlarmCode code = catalogue.get(AlarmStandard.OCPP16.code(errorCode));
    return AlarmEvent.of(
        frame.chargePointSerialNumber(),
        DeviceClass.CHARGER,
        frame.chargePointModel(),
        frame.firmwareVersion(),
        code.code(),
        vendorCode,
        state,
        code.defaultSeverity(),
        frame.deviceTime(),
        frame.seq(),
        site,
        null);
  }
}
