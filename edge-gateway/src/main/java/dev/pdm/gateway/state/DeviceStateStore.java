package dev.pdm.gateway.state;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last alarm state of every device, kept beside the queue so that a restarted gateway neither
 * raises an alarm again nor misses an edge. A journal of one checksummed line per change, folded
 * into a snapshot when it grows; a torn last line (crash during a write) is ignored.
 *
 * <p>The gateway journals a state only after the events that led to it are forced into the queue,
 * and acknowledges the device message only after both: a crash in between at worst regenerates the
 * same events (same eventIds) from the redelivered message.
 */
public final class DeviceStateStore implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceStateStore.class);
  private static final String JOURNAL = "device-state.journal";
  private static final String SNAPSHOT = "device-state.snapshot";
  private static final int COMPACT_AFTER_LINES = 100_000;

  private final Path dir;
  private final Map<String, DeviceAlarmState> durable = new ConcurrentHashMap<>();
  private FileChannel journal;
  private int journalLines;
  private boolean dirty;

  private DeviceStateStore(Path dir) {
    this.dir = dir;
  }

  public static DeviceStateStore open(Path dir) {
    DeviceStateStore store = new DeviceStateStore(dir);
    try {
      Files.createDirectories(dir);
      store.load(dir.resolve(SNAPSHOT));
      store.load(dir.resolve(JOURNAL));
      store.compact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return store;
  }

  /** The durable state of a device, or null when the gateway never saw an alarm frame from it. */
  public DeviceAlarmState get(String serial) {
    return durable.get(serial);
  }

  public int size() {
    return durable.size();
  }

  /** Records a device's new state; durable after {@link #sync()}. */
  public synchronized void put(String serial, DeviceAlarmState state) {
    try {
      ByteBuffer line = ByteBuffer.wrap(encode(serial, state).getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        journal.write(line);
      }
      durable.put(serial, state);
      dirty = true;
      if (++journalLines >= COMPACT_AFTER_LINES) {
        compact();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void sync() {
    if (!dirty) {
      return;
    }
    try {
      journal.force(false);
      dirty = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int bad = 0;
    for (String line : lines) {
      if (!decodeInto(line)) {
        bad++;
      }
    }
    if (bad > 0) {
      LOG.warn("event=device_state_lines_ignored file={} lines={}", file.getFileName(), bad);
    }
  }

  /** Writes a snapshot of everything and starts an empty journal. */
  private void compact() throws IOException {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(durable).forEach((serial, state) -> out.append(encode(serial, state)));
    Path tmp = dir.resolve(SNAPSHOT + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(SNAPSHOT),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    if (journal != null) {
      journal.close();
    }
    journal =
        FileChannel.open(
            dir.resolve(JOURNAL),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    journal.force(true);
    journalLines = 0;
  }

  /**
   * {@code S serial evt1 ts seq crc} or {@code O serial conn=code,conn=code ts seq crc}; the crc
   * covers the rest.
   */
  static String encode(String serial, DeviceAlarmState state) {
    String body;
    if (state instanceof DeviceAlarmState.SunSpec s) {
      body = "S " + serial + " " + s.evt1() + " " + s.lastTs() + " " + s.lastSeq();
    } else {
      DeviceAlarmState.Ocpp o = (DeviceAlarmState.Ocpp) state;
      StringBuilder b = new StringBuilder("O ").append(serial).append(' ');
      o.activeByConnector().forEach((c, code) -> b.append(c).append('=').append(code).append(','));
      body = b.append(' ').append(o.lastTs()).append(' ').append(o.lastSeq()).toString();
    }
    return body + " " + crc(body) + "\n";
  }

  private boolean decodeInto(String line) {
    int lastSpace = line.lastIndexOf(' ');
    if (lastSpace < 0) {
      return false;
    }
    String body = line.substring(0, lastSpace);
    if (!line.substring(lastSpace + 1).equals(Long.toString(crc(body)))) {
      return false;
    }
    String[] f = body.split(" ", -1);
    if (f.length != 5) {
      return false;
    }
    try {
      if (f[0].equals("S")) {
        durable.put(
            f[1],
            new DeviceAlarmState.SunSpec(
                Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
        return true;
      }
      if (f[0].equals("O")) {
        Map<Integer, String> active = new TreeMap<>();
        for (String pair : f[2].split(",")) {
          if (!pair.isEmpty()) {
            int eq = pair.indexOf('=');
            active.put(Integer.parseInt(pair.substring(0, eq)), pair.substring(eq + 1));
          }
        }
        durable.put(
            f[1], DeviceAlarmState.Ocpp.of(active, Long.parseLong(f[3]), Long.parseLong(f[4])));
        return true;
      }
    } catch (RuntimeException e) {
      return false;
    }
    return false;
  }

  private static long crc(String body) {
    CRC32C c = new CRC32C();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }

  @Override
  public synchronized void close() {
    try {
      journal.force(false);
      journal.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
