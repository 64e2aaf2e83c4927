package dev.pdm.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loopback port choice: the conventional port when it is free, any free one otherwise; a port
 * chosen for a data directory is chosen again on the next start while it is free.
 */
public final class Ports {

  private Ports() {}

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** {@code preferred} when free, else a free port chosen by the OS. */
  public static int preferOrFree(int preferred) {
    if (preferred > 0 && isFree(preferred)) {
      return preferred;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code preferred} when free, else the port this part had on the last start with the same {@code
   * dataDir} when that is free, else a free one; the choice is remembered in {@code
   * dataDir/ports/<part>}. Clients set up by hand against a fallback port keep working after a
   * restart.
   */
  public static int remembered(Path dataDir, String part, int preferred) {
    Path file = dataDir.resolve("ports").resolve(part);
    int port = -1;
    if (preferred > 0 && isFree(preferred)) {
      port = preferred;
    } else {
      int last = lastChosen(file);
      port = last > 0 && isFree(last) ? last : preferOrFree(0);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Integer.toString(port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return port;
  }

  private static int lastChosen(Path file) {
    try {
      return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : -1;
    } catch (IOException | NumberFormatException unreadable) {
      return -1;
    }
  }
}
