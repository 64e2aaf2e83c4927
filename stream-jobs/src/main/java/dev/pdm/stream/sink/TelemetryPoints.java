package dev.pdm.stream.sink;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.pdm.model.event.TelemetryReading;
import java.util.Map;

/**
 * Maps a reading to one point of {@link TimeSeriesSettings#MEASUREMENT}: tags serial, class, model,
 * batch and site (batch omitted while unknown), one double field per metric, device time in
 * milliseconds. The measurement is not called {@code telemetry} because QuestDB keeps an internal
 * table of that name.
 */
public final class TelemetryPoints {

  private TelemetryPoints() {}

  public static Point toPoint(TelemetryReading reading) {
    Point point =
        Point.measurement(TimeSeriesSettings.MEASUREMENT)
            .addTag("serial", reading.serial())
            .addTag("class", reading.deviceClass().name())
            .addTag("model", reading.model())
            .addTag("site", reading.site());
    if (reading.batch() != null) {
      point.addTag("batch", reading.batch());
    }
    for (Map.Entry<String, Double> metric : reading.metrics().entrySet()) {
      point.addField(metric.getKey(), metric.getValue().doubleValue());
    }
    return point.time(reading.deviceTime().toEpochMilli(), WritePrecision.MS);
  }
}
