package dev.pdm.gateway.queue;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of one lane in segment files, with a read position (next entry to send) and an
 * acknowledgement cursor (first entry not yet acknowledged upstream). Entries are removed only when
 * acknowledged, by deleting a segment whose entries all are. After a crash the log reopens at the
 * cursor, so unacknowledged entries are sent again (same payload, same eventId).
 *
 * <p>Records are {@link SegmentRecords}. A torn or corrupt record ends the segment: it and
 * everything after it is cut off when the log is opened.
 */
public final class SegmentLog implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
  private static final String SUFFIX = ".seg";
  private static final String CURSOR = "cursor";

  private final Lane lane;
  private final Path dir;
  private final long segmentBytes;
  private final List<Segment> segments = new ArrayList<>();
  private FileChannel writer;
  private boolean dirty;
  private long nextSeq;
  private long cursor;
  private boolean cursorDirty;
  private final TreeSet<Long> ackedAbove = new TreeSet<>();
  private final TreeMap<Long, Long> inflight = new TreeMap<>();
  private int readSegment;
  private long readOffset;
  private FileChannel reader;
  private int readerSegment = -1;
  private long truncatedBytes;

  /** A segment file: its first sequence number, size and entry count (ids are contiguous). */
  private static final class Segment {
    final long firstSeq;
    final Path path;
    long size;
    long count;

    Segment(long firstSeq, Path path) {
      this.firstSeq = firstSeq;
      this.path = path;
    }

    long endSeq() {
      return firstSeq + count;
    }
  }

  private SegmentLog(Lane lane, Path dir, long segmentBytes) {
    this.lane = lane;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /** Opens (or creates) the log in {@code dir}, repairing a torn tail left by a crash. */
  public static SegmentLog open(Lane lane, Path dir, long segmentBytes) {
    SegmentLog log = new SegmentLog(lane, dir, segmentBytes);
    try {
      Files.createDirectories(dir);
      log.recover();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return log;
  }

  static int recordSize(String topic, byte[] payload) {
    return SegmentRecords.size(topic, payload);
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    cursor = readCursor().orElse(-1L);
    boolean cut = false;
    for (Path file : files) {
      String name = file.getFileName().toString();
      Segment seg =
          new Segment(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), file);
      if (cut
          || (!segments.isEmpty() && seg.firstSeq != segments.get(segments.size() - 1).endSeq())) {
        // Entries after a cut would leave a gap in the sequence; this only follows disk corruption.
        LOG.error(
            "event=queue_segment_discarded lane={} file={} reason=after_corrupt_record",
            lane,
            file);
        truncatedBytes += Files.size(file);
        Files.delete(file);
        cut = true;
        continue;
      }
      cut = scan(seg);
      segments.add(seg);
    }
    nextSeq = segments.isEmpty() ? Math.max(cursor, 0) : segments.get(segments.size() - 1).endSeq();
    if (cursor < 0) {
      cursor = segments.isEmpty() ? nextSeq : segments.get(0).firstSeq;
    }
    cursor =
        Math.min(Math.max(cursor, segments.isEmpty() ? cursor : segments.get(0).firstSeq), nextSeq);
    deleteAckedSegments();
    Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
    if (last == null || last.size >= segmentBytes) {
      roll();
    } else {
      writer = FileChannel.open(last.path, StandardOpenOption.WRITE);
      writer.position(last.size);
    }
    rewind();
  }

  /** Counts the valid records of a segment and cuts it at the first invalid one. */
  private boolean scan(Segment seg) throws IOException {
    try (FileChannel ch =
        FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long fileSize = ch.size();
      long offset = 0;
      while (offset < fileSize) {
        QueuedEvent e = SegmentRecords.read(lane, ch, offset);
        if (e == null || e.seq() != seg.firstSeq + seg.count) {
          LOG.warn(
              "event=queue_tail_truncated lane={} file={} offset={} bytes={}",
              lane,
              seg.path.getFileName(),
              offset,
              fileSize - offset);
          truncatedBytes += fileSize - offset;
          ch.truncate(offset);
          ch.force(true);
          seg.size = offset;
          return true;
        }
        offset += e.diskSize();
        seg.count++;
      }
      seg.size = offset;
      return false;
    }
  }

  /** Appends one entry (not yet forced to disk: see {@link #sync()}) and returns its sequence. */
  public synchronized long append(String topic, int qos, byte[] payload, long enqueuedAtMillis) {
    long seq = nextSeq;
    ByteBuffer record = SegmentRecords.encode(seq, enqueuedAtMillis, topic, qos, payload);
    int size = record.remaining();
    try {
      Segment last = segments.get(segments.size() - 1);
      if (last.size > 0 && last.size + record.remaining() > segmentBytes) {
        roll();
        last = segments.get(segments.size() - 1);
      }
      while (record.hasRemaining()) {
        writer.write(record);
      }
      last.size += size;
      last.count++;
      nextSeq++;
      dirty = true;
      return seq;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forces appended entries to disk; entries are safe from a crash only after this returns. */
  public void sync() {
    FileChannel ch;
    synchronized (this) {
      if (!dirty) {
        return;
      }
      dirty = false;
      ch = writer;
    }
    try {
      ch.force(false);
    } catch (ClosedChannelException rolled) {
      // roll() forced the segment before closing it.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void roll() throws IOException {
    if (writer != null) {
      writer.force(false);
      writer.close();
    }
    Path path = dir.resolve(String.format("%020d%s", nextSeq, SUFFIX));
    writer = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    writer.truncate(0);
    segments.add(new Segment(nextSeq, path));
    fsyncDirectory();
  }

  /**
   * The next entry to send that is not acknowledged yet, or null when everything appended has been
   * handed out. It counts as in flight until acknowledged or {@link #rewind() rewound}.
   */
  public synchronized QueuedEvent next() {
    try {
      while (readSegment < segments.size()) {
        Segment seg = segments.get(readSegment);
        if (readOffset >= seg.size) {
          if (readSegment == segments.size() - 1) {
            return null;
          }
          readSegment++;
          readOffset = 0;
          continue;
        }
        QueuedEvent e = SegmentRecords.read(lane, readerFor(readSegment), readOffset);
        if (e == null) {
          throw new IOException("unreadable record in " + seg.path + " at " + readOffset);
        }
        readOffset += e.diskSize();
        if (e.seq() < cursor || ackedAbove.contains(e.seq())) {
          continue;
        }
        inflight.put(e.seq(), e.enqueuedAtMillis());
        return e;
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FileChannel readerFor(int segmentIndex) throws IOException {
    if (reader == null || readerSegment != segmentIndex) {
      if (reader != null) {
        reader.close();
      }
      reader = FileChannel.open(segments.get(segmentIndex).path, StandardOpenOption.READ);
      readerSegment = segmentIndex;
    }
    return reader;
  }

  /** Marks an entry acknowledged upstream; whole segments of acknowledged entries are deleted. */
  public synchronized void ack(long seq) {
    inflight.remove(seq);
    if (seq < cursor || seq >= nextSeq) {
      return;
    }
    ackedAbove.add(seq);
    while (ackedAbove.remove(cursor)) {
      cursor++;
      cursorDirty = true;
    }
    deleteAckedSegments();
  }

  /** Hands out every unacknowledged entry again, from the cursor (after a lost connection). */
  public synchronized void rewind() {
    inflight.clear();
    closeReader();
    readSegment = 0;
    readOffset = 0;
  }

  /**
   * Deletes the oldest segment, sealing the active one first if it is the only one, and returns how
   * many unacknowledged entries went with it. For the disk budget only.
   */
  public synchronized long dropOldestSegment() {
    try {
      if (depth() == 0) {
        return 0;
      }
      if (segments.size() == 1) {
        roll();
      }
      Segment oldest = segments.get(0);
      long dropped = 0;
      for (long s = Math.max(cursor, oldest.firstSeq); s < oldest.endSeq(); s++) {
        if (!ackedAbove.contains(s)) {
          dropped++;
        }
      }
      cursor = Math.max(cursor, oldest.endSeq());
      cursorDirty = true;
      ackedAbove.headSet(cursor).clear();
      inflight.headMap(cursor).clear();
      removeSegment(0);
      return dropped;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteAckedSegments() {
    try {
      while (segments.size() > 1 && segments.get(0).endSeq() <= cursor) {
        removeSegment(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void removeSegment(int index) throws IOException {
    Segment seg = segments.remove(index);
    if (readerSegment == index) {
      closeReader();
    } else if (readerSegment > index) {
      readerSegment--;
    }
    if (readSegment > index) {
      readSegment--;
    } else if (readSegment == index) {
      readOffset = 0;
    }
    Files.deleteIfExists(seg.path);
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException ignored) {
        // read-only channel: nothing to lose
      }
      reader = null;
    }
    readerSegment = -1;
  }

  /**
   * Persists the acknowledgement cursor. Called periodically, not per ack: a cursor that is behind
   * after a crash only means some acknowledged entries are sent again, with their same eventIds.
   */
  public void checkpoint() {
    long value;
    synchronized (this) {
      if (!cursorDirty) {
        return;
      }
      cursorDirty = false;
      value = cursor;
    }
    try {
      Path tmp = dir.resolve(CURSOR + ".tmp");
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      try {
        Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<Long> readCursor() throws IOException {
    Path file = dir.resolve(CURSOR);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (NumberFormatException e) {
      LOG.warn("event=queue_cursor_unreadable lane={} action=resend_from_oldest_segment", lane);
      return Optional.empty();
    }
  }

  private void fsyncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // Some file systems cannot open a directory; the segment's own force still holds its data.
    }
  }

  /** Entries appended and neither acknowledged nor dropped. */
  public synchronized long depth() {
    return nextSeq - cursor - ackedAbove.size();
  }

  /** Entries handed out by {@link #next()} and not acknowledged. */
  public synchronized int inflight() {
    return inflight.size();
  }

  public synchronized long bytes() {
    long total = 0;
    for (Segment s : segments) {
      total += s.size;
    }
    return total;
  }

  /** Bytes cut off when the log was opened (torn records after a crash). */
  public synchronized long truncatedBytes() {
    return truncatedBytes;
  }

  /** When the oldest unacknowledged entry was enqueued, if there is one. */
  public synchronized Optional<Long> oldestEnqueuedAtMillis() {
    if (depth() == 0) {
      return Optional.empty();
    }
    if (!inflight.isEmpty()) {
      return Optional.of(inflight.firstEntry().getValue());
    }
    try {
      for (int i = 0; i < segments.size(); i++) {
        Segment seg = segments.get(i);
        long offset = 0;
        FileChannel ch = readerFor(i);
        while (offset < seg.size) {
          QueuedEvent e = SegmentRecords.read(lane, ch, offset);
          if (e == null) {
            return Optional.empty();
          }
          if (e.seq() >= cursor && !ackedAbove.contains(e.seq())) {
            return Optional.of(e.enqueuedAtMillis());
          }
          offset += e.diskSize();
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeReader();
    }
  }

  @Override
  public synchronized void close() {
    try {
      checkpoint();
      closeReader();
      if (writer != null) {
        writer.force(false);
        writer.close();
        writer = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
