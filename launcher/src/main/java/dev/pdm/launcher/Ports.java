package dev.pdm.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback port choice: the conventional port when it is free, any free one otherwise. */
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
}
