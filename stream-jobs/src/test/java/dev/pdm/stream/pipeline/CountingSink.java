package dev.pdm.stream.pipeline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts what reaches it, under a name, in a static counter: the MiniCluster runs in the test's
 * JVM, so the test reads the count directly. For benchmarks of streams that leave the job only into
 * a store (telemetry).
 */
public final class CountingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final ConcurrentHashMap<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private final String name;

  public CountingSink(String name) {
    this.name = name;
  }

  public static AtomicLong count(String name) {
    return COUNTS.computeIfAbsent(name, n -> new AtomicLong());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    AtomicLong counter = count(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        counter.incrementAndGet();
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
