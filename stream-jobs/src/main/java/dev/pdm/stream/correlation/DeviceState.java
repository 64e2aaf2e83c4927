package dev.pdm.stream.correlation;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.Severity;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Everything the correlator remembers about one device: its identity as last reported, its
 * incidents not yet CLEARED and the raises still waiting out their pending time. Empty state is
 * removed, so a quiet device costs nothing. Plain mutable fields: it lives in keyed state.
 */
public final class DeviceState {
  public String serial;
  public DeviceClass deviceClass;
  public String model;
  public String firmware;
  public String batch;
  public String site;

  public ArrayList<OpenIncident> incidents = new ArrayList<>();

  /** code to the raise waiting for its {@code for}. */
  public HashMap<String, PendingRaise> pending = new HashMap<>();

  /**
   * code to the raise and clear times, within the flap window, of raises that cleared before their
   * pending time ran out: a code that keeps toggling faster than its {@code for} is flapping.
   */
  public HashMap<String, ArrayList<Long>> shortRaises = new HashMap<>();

  public DeviceState() {}

  public boolean isEmpty() {
    return incidents.isEmpty() && pending.isEmpty() && shortRaises.isEmpty();
  }

  /** Remembers the device's latest identity; a batch, once known, is not forgotten. */
  public void identify(AlarmEvent e) {
    serial = e.serial();
    deviceClass = e.deviceClass();
    model = e.model();
    firmware = e.firmware();
    site = e.site();
    if (e.batch() != null) {
      batch = e.batch();
    }
  }

  public OpenIncident incidentWith(String code) {
    for (OpenIncident i : incidents) {
      if (i.codes.containsKey(code)) {
        return i;
      }
    }
    return null;
  }

  /** A raise waiting for its {@code for}: when it started, the latest repeat, and its severity. */
  public static final class PendingRaise {
    public Severity severity;
    public long first;
    public long latest;
    public int raises;

    public PendingRaise() {}

    public PendingRaise(Severity severity, long first) {
      this.severity = severity;
      this.first = first;
      this.latest = first;
      this.raises = 1;
    }
  }
}
