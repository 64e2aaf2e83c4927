package dev.pdm.simulators.fleet;

import dev.pdm.model.device.DeviceClass;
import java.util.List;

/**
 * A product model the simulated manufacturer ships.
 *
 * @param sunspecModel SunSpec model number the device's alarm frames carry (0 for chargers)
 * @param rating rated AC power in kW (inverter), usable capacity in kWh (battery) or maximum
 *     current in A (charger)
 * @param ratedKw nameplate power in kW (charger output power, battery 0.5C power, inverter rating)
 * @param firmwares released firmware versions, oldest first
 */
public record ModelSpec(
    DeviceClass deviceClass,
    String model,
    String classCode,
    int sunspecModel,
    double rating,
    double ratedKw,
    List<String> firmwares,
    int warrantyYears) {

  public ModelSpec {
    firmwares = List.copyOf(firmwares);
  }

  /**
   * The models of the simulated fleet, per class in a fixed order (the order is part of the seed).
   */
  public static final List<ModelSpec> CATALOGUE =
      List.of(
          new ModelSpec(
              DeviceClass.INVERTER,
              "SUN-20K",
              "INV",
              101,
              20,
              20,
              List.of("V2.3.1", "V2.4.0", "V2.5.2"),
              5),
          new ModelSpec(
              DeviceClass.INVERTER,
              "SUN-50K",
              "INV",
              103,
              50,
              50,
              List.of("V2.3.1", "V2.4.0", "V2.5.2"),
              5),
          new ModelSpec(
              DeviceClass.INVERTER,
              "SUN-110K",
              "INV",
              103,
              110,
              110,
              List.of("V3.0.4", "V3.1.0"),
              5),
          new ModelSpec(
              DeviceClass.BMS, "ESS-100", "BMS", 802, 100, 50, List.of("B1.8.0", "B1.9.3"), 10),
          new ModelSpec(
              DeviceClass.BMS, "ESS-200", "BMS", 802, 200, 100, List.of("B1.8.0", "B1.9.3"), 10),
          new ModelSpec(
              DeviceClass.CHARGER, "AC-22", "CHG", 0, 32, 22, List.of("C3.1.0", "C3.2.4"), 3),
          new ModelSpec(
              DeviceClass.CHARGER,
              "DC-60",
              "CHG",
              0,
              150,
              60,
              List.of("C3.1.0", "C3.2.4", "C3.3.0"),
              3),
          new ModelSpec(
              DeviceClass.CHARGER, "DC-120", "CHG", 0, 250, 120, List.of("C3.2.4", "C3.3.0"), 3));

  public static List<ModelSpec> of(DeviceClass deviceClass) {
    return CATALOGUE.stream().filter(m -> m.deviceClass() == deviceClass).toList();
  }

  public String latestFirmware() {
    return firmwares.get(firmwares.size() - 1);
  }
}
