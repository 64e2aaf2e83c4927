package dev.pdm.stream.quality;

import dev.pdm.stream.mqtt.MqttRecord;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A bounded source of the MQTT records in one file, in file order, as a single split: one reader
 * replays a recorded (time-ordered) stream into the job exactly as the MQTT source would hand it
 * over, and the other readers finish at once. For replaying a simulated month faster than a broker
 * would carry it.
 */
public final class RecordFileSource
    implements Source<MqttRecord, RecordFileSource.Split, Collection<RecordFileSource.Split>> {

  private static final long serialVersionUID = 1L;

  private final String file;

  public RecordFileSource(Path file) {
    this.file = file.toString();
  }

  /** Writes records in the format this source reads. */
  public static final class Writer implements AutoCloseable {
    private final DataOutputStream out;
    private long count;

    public Writer(Path file) throws IOException {
      out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)));
    }

    public void write(MqttRecord r) throws IOException {
      byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
      out.writeInt(topic.length);
      out.write(topic);
      out.writeInt(r.payload().length);
      out.write(r.payload());
      count++;
    }

    public long count() {
      return count;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** The whole file from {@code position} records on. */
  public record Split(String file, long position)
      implements IteratorSourceSplit<MqttRecord, Records> {

    @Override
    public String splitId() {
      return file;
    }

    @Override
    public Records getIterator() {
      return new Records(Path.of(file), position);
    }

    @Override
    public IteratorSourceSplit<MqttRecord, Records> getUpdatedSplitForIterator(Records records) {
      return new Split(file, records.position);
    }
  }

  /** Reads records one after the other; closes the file at its end. */
  public static final class Records implements Iterator<MqttRecord> {
    private final DataInputStream in;
    private long position;
    private MqttRecord next;

    Records(Path file, long skip) {
      try {
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        next = read();
        while (position < skip && next != null) {
          position++;
          next = read();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private MqttRecord read() throws IOException {
      int topicLength;
      try {
        topicLength = in.readInt();
      } catch (EOFException end) {
        in.close();
        return null;
      }
      byte[] topic = in.readNBytes(topicLength);
      byte[] payload = in.readNBytes(in.readInt());
      return new MqttRecord(new String(topic, StandardCharsets.UTF_8), payload);
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public MqttRecord next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      MqttRecord r = next;
      try {
        next = read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      position++;
      return r;
    }
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<MqttRecord, Split> createReader(SourceReaderContext context) {
    return new IteratorSourceReader<>(context);
  }

  @Override
  public SplitEnumerator<Split, Collection<Split>> createEnumerator(
      SplitEnumeratorContext<Split> context) {
    return new IteratorSourceEnumerator<>(context, List.of(new Split(file, 0)));
  }

  @Override
  public SplitEnumerator<Split, Collection<Split>> restoreEnumerator(
      SplitEnumeratorContext<Split> context, Collection<Split> checkpoint) {
    return new IteratorSourceEnumerator<>(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<Split> getSplitSerializer() {
    return new SplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<Collection<Split>> getEnumeratorCheckpointSerializer() {
    return new SimpleVersionedSerializer<>() {
      @Override
      public int getVersion() {
        return 1;
      }

      @Override
      public byte[] serialize(Collection<Split> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(splits.size());
        for (Split s : splits) {
          out.writeUTF(s.file());
          out.writeLong(s.position());
        }
        return out.getCopyOfBuffer();
      }

      @Override
      public Collection<Split> deserialize(int version, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        int n = in.readInt();
        List<Split> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          splits.add(new Split(in.readUTF(), in.readLong()));
        }
        return splits;
      }
    };
  }

  private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Split split) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(64);
      out.writeUTF(split.file());
      out.writeLong(split.position());
      return out.getCopyOfBuffer();
    }

    @Override
    public Split deserialize(int version, byte[] bytes) throws IOException {
      DataInputDeserializer in = new DataInputDeserializer(bytes);
      return new Split(in.readUTF(), in.readLong());
    }
  }
}
