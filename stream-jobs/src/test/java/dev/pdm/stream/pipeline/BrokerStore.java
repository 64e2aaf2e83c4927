package dev.pdm.stream.pipeline;

import dev.pdm.testsupport.MosquittoBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The on-disk store of a test broker. Mosquitto started as root drops to its own user, which cannot
 * write into the root-owned temporary directory the broker runs in, so without this nothing is
 * persisted and a kill -9 also wipes every session. The broker-kill test opens the directory up and
 * waits for a save before killing, so that what it tests is the pipeline, not the broker's
 * one-second autosave window.
 */
final class BrokerStore {

  private final Path dir;

  private BrokerStore(Path dir) {
    this.dir = dir;
  }

  static BrokerStore of(MosquittoBroker broker) {
    String listener = "listener " + broker.port() + " ";
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> dirs = Files.list(tmp)) {
      Path dir =
          dirs.filter(d -> d.getFileName().toString().startsWith("pdm-mosquitto"))
              .filter(d -> configListensOn(d, listener))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no store for " + broker.url()));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return new BrokerStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean configListensOn(Path dir, String listener) {
    try {
      return Files.readString(dir.resolve("mosquitto.conf")).contains(listener);
    } catch (IOException e) {
      return false;
    }
  }

  /** When the store was last written, or the epoch while it was never written. */
  FileTime lastSaved() {
    try {
      Path db = dir.resolve("mosquitto.db");
      return Files.exists(db) ? Files.getLastModifiedTime(db) : FileTime.fromMillis(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
