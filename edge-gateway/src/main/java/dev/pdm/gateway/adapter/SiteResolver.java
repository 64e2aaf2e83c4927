package dev.pdm.gateway.adapter;

import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which site a device belongs to: the gateway's own, or in all-sites mode the registry's. */
@FunctionalInterface
public interface SiteResolver {

  Optional<String> siteOf(String serial);

  static SiteResolver fixed(String site) {
    Optional<String> s = Optional.of(site);
    return serial -> s;
  }

  /** Reads the registry once at start; rows the registry rejects are logged and left out. */
  static SiteResolver fromRegistry(Path file) {
    Logger log = LoggerFactory.getLogger(SiteResolver.class);
    DeviceRegistryFiles.RegistryRead read = DeviceRegistryFiles.read(file);
    read.rejected()
        .forEach(
            r ->
                log.warn(
                    "event=registry_row_rejected position={} reason=\"{}\"",
                    r.position(),
                    r.reason()));
    Map<String, String> bySerial = new HashMap<>();
    for (DeviceFacts d : read.devices()) {
      bySerial.put(d.serial(), d.siteId());
    }
    log.info("event=registry_loaded file={} devices={}", file, bySerial.size());
    return serial -> Optional.ofNullable(bySerial.get(serial));
  }
}
