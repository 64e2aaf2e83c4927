package dev.pdm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto process for one test, on a free loopback port, running the project's own
 * broker configuration ({@code config/mosquitto/mosquitto.conf}) with its persistence in a
 * temporary directory. It can be stopped cleanly, killed with SIGKILL and started again on the same
 * port and store, which is what the failure tests need; the machine's shared Mosquitto is never
 * touched.
 */
public final class MosquittoBroker implements AutoCloseable {

  private final Path workDir;
  private final int port;
  private Process process;

  private MosquittoBroker(Path workDir, int port) {
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts a broker on a free port with a fresh store. */
  public static MosquittoBroker start() {
    try {
      MosquittoBroker broker =
          new MosquittoBroker(Files.createTempDirectory("pdm-mosquitto"), FreePorts.find());
      broker.restart();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code tcp://127.0.0.1:port}, the form Paho expects. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts (again) on the same port and store; a no-op while running. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      Path conf = workDir.resolve("mosquitto.conf");
      // Started as root, Mosquitto drops to its own user, which could not write the store in this
      // temporary directory; staying the invoking user keeps persistence (and kill -9 tests) real.
      Files.writeString(
          conf,
          userLine()
              + "listener "
              + port
              + " 127.0.0.1\n"
              + "persistence_location "
              + workDir.toAbsolutePath()
              + "/\n"
              + Files.readString(projectConfig()));
      process =
          new ProcessBuilder(mosquittoBinary(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("mosquitto.log").toFile())
              .start();
      awaitListening(Duration.ofSeconds(20));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Clean shutdown: Mosquitto saves its store on SIGTERM. */
  public synchronized void stop() {
    if (process != null) {
      process.destroy();
      awaitExit();
    }
  }

  /** SIGKILL: no chance to save anything beyond the periodic autosave. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /**
   * When the broker last saved its store, or the epoch before its first save: a kill -9 test waits
   * for a save so that it tests the client, not the broker's autosave window.
   */
  public java.nio.file.attribute.FileTime lastSaved() {
    Path db = workDir.resolve("mosquitto.db");
    try {
      return Files.exists(db)
          ? Files.getLastModifiedTime(db)
          : java.nio.file.attribute.FileTime.fromMillis(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the broker and deletes its store. */
  @Override
  public void close() {
    stop();
    try (var files = Files.walk(workDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "mosquitto exited with "
                + process.exitValue()
                + ": "
                + Files.readString(workDir.resolve("mosquitto.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for mosquitto", e);
        }
      }
    }
    throw new IOException("mosquitto did not listen on " + port + " within " + timeout);
  }

  private static String userLine() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "" : "user " + user + "\n";
  }

  private static String mosquittoBinary() {
    for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "mosquitto";
  }

  /** The project's broker configuration, found by walking up from the working directory. */
  static Path projectConfig() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("config/mosquitto/mosquitto.conf");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("config/mosquitto/mosquitto.conf not found above the cwd");
  }

  /** Free loopback ports. */
  public static final class FreePorts {
    private FreePorts() {}

    public static int find() {
      try (ServerSocket socket =
          new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
