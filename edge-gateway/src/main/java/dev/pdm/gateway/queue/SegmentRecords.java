package dev.pdm.gateway.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk record of a queue entry: {@code int bodyLength, int crc32c(body), body}; body: {@code
 * long seq, long enqueuedAt, byte qos, short topicLength, topic, int payloadLength, payload}. The
 * checksum is what tells a torn or corrupt record (crash mid-write, bad disk) from a good one.
 */
final class SegmentRecords {

  static final int HEADER = 8;
  private static final int FIXED_BODY = 8 + 8 + 1 + 2 + 4;
  private static final int MAX_BODY = 1024 * 1024;

  private SegmentRecords() {}

  static int size(String topic, byte[] payload) {
    return HEADER + FIXED_BODY + topic.getBytes(StandardCharsets.UTF_8).length + payload.length;
  }

  /** The complete record, ready to write. */
  static ByteBuffer encode(long seq, long enqueuedAtMillis, String topic, int qos, byte[] payload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    int bodyLength = FIXED_BODY + t.length + payload.length;
    ByteBuffer record = ByteBuffer.allocate(HEADER + bodyLength);
    record.position(HEADER);
    record.putLong(seq).putLong(enqueuedAtMillis).put((byte) qos).putShort((short) t.length).put(t);
    record.putInt(payload.length).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(record.array(), HEADER, bodyLength);
    record.putInt(0, bodyLength).putInt(4, (int) crc.getValue());
    record.flip();
    return record;
  }

  /** The record at {@code offset}, or null when it is torn, oversized or fails its checksum. */
  static QueuedEvent read(Lane lane, FileChannel ch, long offset) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    if (readFully(ch, header, offset) < HEADER) {
      return null;
    }
    header.flip();
    int length = header.getInt();
    int crc = header.getInt();
    if (length < FIXED_BODY || length > MAX_BODY) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    if (readFully(ch, body, offset + HEADER) < length) {
      return null;
    }
    CRC32C checksum = new CRC32C();
    checksum.update(body.array(), 0, length);
    if ((int) checksum.getValue() != crc) {
      return null;
    }
    body.flip();
    long seq = body.getLong();
    long at = body.getLong();
    int qos = body.get();
    int topicLength = body.getShort() & 0xFFFF;
    if (topicLength > body.remaining() - 4) {
      return null;
    }
    byte[] topic = new byte[topicLength];
    body.get(topic);
    int payloadLength = body.getInt();
    if (payloadLength != body.remaining()) {
      return null;
    }
    byte[] payload = new byte[payloadLength];
    body.get(payload);
    return new QueuedEvent(lane, seq, at, new String(topic, StandardCharsets.UTF_8), qos, payload);
  }

  private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
