package dev.pdm.launcher.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between a gateway and the central broker that the harness can unplug: while cut, open
 * connections are closed and new ones are refused, exactly what a site's uplink outage looks like
 * to the gateway (which then buffers to disk and drains when the relay is restored).
 */
public final class UplinkSwitch implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private UplinkSwitch(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Relays 127.0.0.1:{free port} to 127.0.0.1:targetPort. */
  public static UplinkSwitch start(int targetPort) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      UplinkSwitch relay = new UplinkSwitch(server, targetPort);
      Thread accept = new Thread(relay::acceptLoop, "pdm-uplink-switch");
      accept.setDaemon(true);
      accept.start();
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  public boolean isCut() {
    return cut;
  }

  /** Drops every relayed connection and refuses new ones until {@link #restore}. */
  public void cut() {
    cut = true;
    open.forEach(UplinkSwitch::quietClose);
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket in = server.accept();
        if (cut) {
          quietClose(in);
          continue;
        }
        Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        open.add(in);
        open.add(out);
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ended) {
                // one side closed: close both
              } finally {
                quietClose(from);
                quietClose(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "pdm-uplink-relay");
    t.setDaemon(true);
    t.start();
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
