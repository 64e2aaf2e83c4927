package dev.pdm.stream.sink;

import com.influxdb.client.write.Point;
import java.util.List;

/** Writes one batch synchronously, throwing when the store refused or could not be reached. */
interface PointWriter extends AutoCloseable {

  void write(List<Point> points);

  /** True when trying the same batch again may succeed (network, 5xx, 429). */
  boolean isRetryable(RuntimeException failure);

  @Override
  void close();
}
