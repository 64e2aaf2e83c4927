package dev.pdm.stream.enrich;

import dev.pdm.model.registry.DeviceRegistryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry as the stream job sees it: read from a file on first use and read again when
 * the file's modification time changes, checked at most once per refresh interval so the hot path
 * costs one clock read. A registry that cannot be re-read keeps the last good snapshot; one that
 * never could be read is empty (events then keep batch null and are still correlated).
 */
public final class RegistryCache {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryCache.class);

  private final Path file;
  private final long refreshNanos;
  private final LongSupplier nanoClock;
  private RegistrySnapshot snapshot = RegistrySnapshot.empty();
  private FileTime loadedModified;
  private long lastCheck;
  private boolean checkedOnce;
  private int loads;

  public RegistryCache(Path file, Duration refresh, LongSupplier nanoClock) {
    this.file = file;
    this.refreshNanos = refresh.toNanos();
    this.nanoClock = nanoClock;
  }

  public RegistryCache(Path file, Duration refresh) {
    this(file, refresh, System::nanoTime);
  }

  /** The current snapshot, reloading first when the interval has passed and the file changed. */
  public RegistrySnapshot current() {
    long now = nanoClock.getAsLong();
    if (!checkedOnce || now - lastCheck >= refreshNanos) {
      checkedOnce = true;
      lastCheck = now;
      reloadIfChanged();
    }
    return snapshot;
  }

  /** How many times the file was (re)read successfully. */
  public int loads() {
    return loads;
  }

  private void reloadIfChanged() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (modified.equals(loadedModified)) {
        return;
      }
      var read = DeviceRegistryFiles.read(file);
      snapshot = new RegistrySnapshot(read.devices(), read.rejected().size());
      loadedModified = modified;
      loads++;
      LOG.info(
          "device registry {} loaded: {} devices, {} rows rejected",
          file,
          snapshot.size(),
          snapshot.rejectedRows());
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      LOG.warn("device registry {} not readable, keeping {} devices: {}", file, snapshot.size(), e);
    }
  }
}
