package dev.pdm.simulators.fleet;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A generated fleet: sites and devices, in generation order. */
public record Fleet(List<Site> sites, List<SimDevice> devices) {

  public Fleet {
    sites = List.copyOf(sites);
    devices = List.copyOf(devices);
  }

  public List<DeviceFacts> registry() {
    return devices.stream().map(SimDevice::facts).toList();
  }

  public List<SimDevice> of(DeviceClass deviceClass) {
    return devices.stream().filter(d -> d.deviceClass() == deviceClass).toList();
  }

  public List<SimDevice> atSite(String siteId) {
    return devices.stream().filter(d -> d.site().siteId().equals(siteId)).toList();
  }

  public Map<String, SimDevice> bySerial() {
    return devices.stream()
        .collect(
            Collectors.toMap(
                SimDevice::serial, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** Devices per batch, batches in name order so that choices made from it are reproducible. */
  public Map<String, List<SimDevice>> byBatch(DeviceClass deviceClass) {
    return of(deviceClass).stream()
        .collect(Collectors.groupingBy(d -> d.facts().batch(), TreeMap::new, Collectors.toList()));
  }

  /** The site with the most devices of a class; ties go to the lower site index. */
  public Site siteWithMost(DeviceClass deviceClass, int rank) {
    Map<Site, Long> counts =
        of(deviceClass).stream()
            .collect(Collectors.groupingBy(SimDevice::site, Collectors.counting()));
    List<Site> ordered =
        counts.keySet().stream()
            .sorted(Comparator.comparing((Site s) -> -counts.get(s)).thenComparing(Site::index))
            .toList();
    if (ordered.isEmpty()) {
      return null;
    }
    return ordered.get(Math.min(rank, ordered.size() - 1));
  }
}
