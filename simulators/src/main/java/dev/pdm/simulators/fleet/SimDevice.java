package dev.pdm.simulators.fleet;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;

/** A simulated device: its registry row plus what the simulation needs about its model and site. */
public record SimDevice(int index, DeviceFacts facts, ModelSpec spec, Site site) {

  public String serial() {
    return facts.serial();
  }

  public DeviceClass deviceClass() {
    return facts.deviceClass();
  }
}
