package dev.pdm.stream.enrich;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of the device registry, indexed for the stream job: facts by serial, and the populations
 * batch risk compares against (devices per batch and per device class).
 */
public final class RegistrySnapshot {

  private final Map<String, DeviceFacts> bySerial;
  private final Map<String, Integer> batchPopulation;
  private final Map<DeviceClass, Integer> classPopulation;
  private final int rejectedRows;

  public RegistrySnapshot(List<DeviceFacts> devices, int rejectedRows) {
    this.bySerial = new HashMap<>(devices.size() * 2);
    this.batchPopulation = new HashMap<>();
    this.classPopulation = new EnumMap<>(DeviceClass.class);
    for (DeviceFacts d : devices) {
      if (bySerial.put(d.serial(), d) == null) {
        batchPopulation.merge(d.batch(), 1, Integer::sum);
        classPopulation.merge(d.deviceClass(), 1, Integer::sum);
      }
    }
    this.rejectedRows = rejectedRows;
  }

  public static RegistrySnapshot empty() {
    return new RegistrySnapshot(List.of(), 0);
  }

  public DeviceFacts find(String serial) {
    return bySerial.get(serial);
  }

  /** Devices of the batch in the registry, 0 when unknown. */
  public int batchPopulation(String batch) {
    return batchPopulation.getOrDefault(batch, 0);
  }

  public int classPopulation(DeviceClass deviceClass) {
    return classPopulation.getOrDefault(deviceClass, 0);
  }

  public int size() {
    return bySerial.size();
  }

  public int rejectedRows() {
    return rejectedRows;
  }
}
