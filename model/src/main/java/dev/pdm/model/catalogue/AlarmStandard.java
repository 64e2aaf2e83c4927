package dev.pdm.model.catalogue;

import dev.pdm.model.device.DeviceClass;

/** Where a code comes from; its prefix namespaces the code ({@code sunspec-inv:GROUND_FAULT}). */
public enum AlarmStandard {
  /** SunSpec inverter models 101-103, {@code Evt1} bitfield. */
  SUNSPEC_INVERTER("sunspec-inv", DeviceClass.INVERTER),
  /** SunSpec battery base model 802, {@code Evt1} bitfield. */
  SUNSPEC_BATTERY("sunspec-bat", DeviceClass.BMS),
  /** OCPP 1.6 {@code ChargePointErrorCode} of a StatusNotification. */
  OCPP16("ocpp16", DeviceClass.CHARGER),
  /** The system's own trend detectors (predictive incidents). */
  PREDICTIVE("pdm-predict", null);

  private final String prefix;
  private final DeviceClass deviceClass;

  AlarmStandard(String prefix, DeviceClass deviceClass) {
    this.prefix = prefix;
    this.deviceClass = deviceClass;
  }

  public String prefix() {
    return prefix;
  }

  /**
   * The device class whose codes this standard defines; null for the cross-class predictive codes.
   */
  public DeviceClass deviceClass() {
    return deviceClass;
  }

  /** {@code prefix:name} */
  public String code(String name) {
    return prefix + ":" + name;
  }

  public static AlarmStandard ofCode(String code) {
    int colon = code.indexOf(':');
    if (colon > 0) {
      String prefix = code.substring(0, colon);
      for (AlarmStandard s : values()) {
        if (s.prefix.equals(prefix)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("'" + code + "' has no known namespace prefix");
  }
}
