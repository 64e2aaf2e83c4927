package dev.pdm.stream.correlation;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink type information for the wire records. They hold immutable JDK collections, which Kryo
 * (Flink's fallback for generic fields) cannot rebuild; the contract's own JSON codec can, and it
 * is the format these records already travel in. Records are immutable, so copies are free.
 */
public final class WireTypes {

  public static final TypeInformation<AlarmEvent> ALARM =
      new JsonTypeInfo<>(AlarmEvent.class, new AlarmSerializer());
  public static final TypeInformation<TelemetryReading> TELEMETRY =
      new JsonTypeInfo<>(TelemetryReading.class, new TelemetrySerializer());
  public static final TypeInformation<Incident> INCIDENT =
      new JsonTypeInfo<>(Incident.class, new IncidentSerializer());
  public static final TypeInformation<BatchRiskSignal> BATCH_RISK =
      new JsonTypeInfo<>(BatchRiskSignal.class, new BatchRiskSerializer());

  private WireTypes() {}

  /** Type information backed by one of the JSON serializers below. */
  static final class JsonTypeInfo<T> extends TypeInformation<T> {
    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    JsonTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
      this.type = type;
      this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<T> getTypeClass() {
      return type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return serializer;
    }

    @Override
    public String toString() {
      return "Json<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof JsonTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof JsonTypeInfo;
    }
  }

  /** Length-prefixed JSON of one record. */
  abstract static class JsonSerializer<T> extends TypeSerializerSingleton<T> {
    private final Class<T> type;

    JsonSerializer(Class<T> type) {
      this.type = type;
    }

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public T createInstance() {
      return null;
    }

    @Override
    public T copy(T from) {
      return from;
    }

    @Override
    public T copy(T from, T reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
      byte[] json = EventCodec.encode(record);
      target.writeInt(json.length);
      target.write(json);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
      byte[] json = new byte[source.readInt()];
      source.readFully(json);
      try {
        return EventCodec.mapper().readValue(json, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int length = source.readInt();
      target.writeInt(length);
      target.write(source, length);
    }
  }

  /** Serializer of {@link AlarmEvent}. */
  public static final class AlarmSerializer extends JsonSerializer<AlarmEvent> {
    public AlarmSerializer() {
      super(AlarmEvent.class);
    }

    @Override
    public TypeSerializerSnapshot<AlarmEvent> snapshotConfiguration() {
      return new AlarmSnapshot();
    }
  }

  /** Snapshot of {@link AlarmSerializer}. */
  public static final class AlarmSnapshot extends SimpleTypeSerializerSnapshot<AlarmEvent> {
    public AlarmSnapshot() {
      super(AlarmSerializer::new);
    }
  }

  /** Serializer of {@link TelemetryReading}. */
  public static final class TelemetrySerializer extends JsonSerializer<TelemetryReading> {
    public TelemetrySerializer() {
      super(TelemetryReading.class);
    }

    @Override
    public TypeSerializerSnapshot<TelemetryReading> snapshotConfiguration() {
      return new TelemetrySnapshot();
    }
  }

  /** Snapshot of {@link TelemetrySerializer}. */
  public static final class TelemetrySnapshot
      extends SimpleTypeSerializerSnapshot<TelemetryReading> {
    public TelemetrySnapshot() {
      super(TelemetrySerializer::new);
    }
  }

  /** Serializer of {@link Incident}. */
  public static final class IncidentSerializer extends JsonSerializer<Incident> {
    public IncidentSerializer() {
      super(Incident.class);
    }

    @Override
    public TypeSerializerSnapshot<Incident> snapshotConfiguration() {
      return new IncidentSnapshot();
    }
  }

  /** Snapshot of {@link IncidentSerializer}. */
  public static final class IncidentSnapshot extends SimpleTypeSerializerSnapshot<Incident> {
    public IncidentSnapshot() {
      super(IncidentSerializer::new);
    }
  }

  /** Serializer of {@link BatchRiskSignal}. */
  public static final class BatchRiskSerializer extends JsonSerializer<BatchRiskSignal> {
    public BatchRiskSerializer() {
      super(BatchRiskSignal.class);
    }

    @Override
    public TypeSerializerSnapshot<BatchRiskSignal> snapshotConfiguration() {
      return new BatchRiskSnapshot();
    }
  }

  /** Snapshot of {@link BatchRiskSerializer}. */
  public static final class BatchRiskSnapshot
      extends SimpleTypeSerializerSnapshot<BatchRiskSignal> {
    public BatchRiskSnapshot() {
      super(BatchRiskSerializer::new);
    }
  }
}
