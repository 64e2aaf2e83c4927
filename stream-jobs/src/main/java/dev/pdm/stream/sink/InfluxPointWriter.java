package dev.pdm.stream.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.InfluxException;
import java.util.List;

/**
 * The blocking write API of influxdb-client-java: the non-blocking one retries and drops in the
 * background, which would hide failures from the checkpoint.
 */
final class InfluxPointWriter implements PointWriter {

  private final InfluxDBClient client;
  private final WriteApiBlocking writes;
  private final String bucket;
  private final String org;

  InfluxPointWriter(TimeSeriesSettings settings) {
    this.client =
        InfluxDBClientFactory.create(
            settings.url(), settings.token().toCharArray(), settings.org(), settings.bucket());
    this.writes = client.getWriteApiBlocking();
    this.bucket = settings.bucket();
    this.org = settings.org();
  }

  @Override
  public void write(List<Point> points) {
    writes.writePoints(bucket, org, points);
  }

  @Override
  public boolean isRetryable(RuntimeException failure) {
    if (failure instanceof InfluxException influx) {
      int status = influx.status();
      // 0: no response at all (connection refused, timeout).
      return status == 0 || status == 429 || status >= 500;
    }
    return false;
  }

  @Override
  public void close() {
    client.close();
  }
}
