package dev.pdm.gateway.state;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the gateway must remember about a device to turn its next alarm frame into edges: devices
 * report their whole current alarm state, never the change. The device time and sequence number of
 * the frame that led to the state tell a redelivered frame (not newer) from a new one, so that a
 * frame the site broker sends again after a gateway crash is not diffed against a later state.
 */
public sealed interface DeviceAlarmState {

  /** Device time (epoch ms) of the frame this state came from, -1 when unknown. */
  long lastTs();

  /** Device sequence number of that frame, -1 when unknown. */
  long lastSeq();

  /** Whether a frame with this device time and sequence number comes after this state's frame. */
  default boolean isOlderThan(long ts, long seq) {
    return ts > lastTs() || (ts == lastTs() && seq > lastSeq());
  }

  /** The last SunSpec {@code Evt1} bitfield of an inverter or battery. */
  record SunSpec(long evt1, long lastTs, long lastSeq) implements DeviceAlarmState {
    public SunSpec(long evt1) {
      this(evt1, -1, -1);
    }
  }

  /**
   * The active OCPP error code (without namespace, e.g. {@code GroundFailure}) of each connector of
   * a charger that has one; connectors without an error are absent.
   */
  record Ocpp(SortedMap<Integer, String> activeByConnector, long lastTs, long lastSeq)
      implements DeviceAlarmState {
    public Ocpp {
      activeByConnector = Collections.unmodifiableSortedMap(new TreeMap<>(activeByConnector));
    }

    public static Ocpp of(Map<Integer, String> active) {
      return of(active, -1, -1);
    }

    public static Ocpp of(Map<Integer, String> active, long lastTs, long lastSeq) {
      return new Ocpp(new TreeMap<>(active), lastTs, lastSeq);
    }

    /** Whether any connector has this code active. */
    public boolean anyConnectorHas(String errorCode) {
      return activeByConnector.containsValue(errorCode);
    }
  }
}
