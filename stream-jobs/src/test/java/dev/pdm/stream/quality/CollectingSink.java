package dev.pdm.stream.quality;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Keeps what reaches it in a static list under a name: the MiniCluster runs in the test's JVM, so
 * the test reads the list once the bounded job finished.
 */
final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final ConcurrentHashMap<String, List<Object>> LISTS = new ConcurrentHashMap<>();

  private final String name;

  CollectingSink(String name) {
    this.name = name;
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> collected(String name) {
    return (List<T>) LISTS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
  }

  static void forget(String name) {
    LISTS.remove(name);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<T> list = collected(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        list.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
