package dev.pdm.gateway.state;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the gateway must remember about a device to turn its next alarm frame into edges: devices
 * report their whole current alarm state, never the change.
 */
public sealed interface DeviceAlarmState {

  /** The last SunSpec {@code Evt1} bitfield of an inverter or battery. */
  record SunSpec(long evt1) implements DeviceAlarmState {}

  /**
   * The active OCPP error code (without namespace, e.g. {@code GroundFailure}) of each connector of
   * a charger that has one; connectors without an error are absent.
   */
  record Ocpp(SortedMap<Integer, String> activeByConnector) implements DeviceAlarmState {
    public Ocpp {
      activeByConnector =
          java.util.Collections.unmodifiableSortedMap(new TreeMap<>(activeByConnector));
    }

    public static Ocpp of(Map<Integer, String> active) {
      return new Ocpp(new TreeMap<>(active));
    }

    /** Whether any connector has this code active. */
    public boolean anyConnectorHas(String errorCode) {
      return activeByConnector.containsValue(errorCode);
    }
  }
}
