package dev.pdm.stream.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoint form of splits and of the enumerator's assigned slots. */
final class MqttSplitSerializer {

  private MqttSplitSerializer() {}

  static final SimpleVersionedSerializer<MqttSplit> SPLIT =
      new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
          return 1;
        }

        @Override
        public byte[] serialize(MqttSplit split) throws IOException {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(split.slot());
          }
          return bytes.toByteArray();
        }

        @Override
        public MqttSplit deserialize(int version, byte[] serialized) throws IOException {
          checkVersion(version);
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new MqttSplit(in.readInt());
          }
        }
      };

  static final SimpleVersionedSerializer<Set<Integer>> ASSIGNED_SLOTS =
      new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
          return 1;
        }

        @Override
        public byte[] serialize(Set<Integer> slots) throws IOException {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(slots.size());
            for (int slot : slots) {
              out.writeInt(slot);
            }
          }
          return bytes.toByteArray();
        }

        @Override
        public Set<Integer> deserialize(int version, byte[] serialized) throws IOException {
          checkVersion(version);
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            Set<Integer> slots = new TreeSet<>();
            for (int i = 0; i < n; i++) {
              slots.add(in.readInt());
            }
            return slots;
          }
        }
      };

  private static void checkVersion(int version) throws IOException {
    if (version != 1) {
      throw new IOException("unknown serializer version " + version);
    }
  }
}
