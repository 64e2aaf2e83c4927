package dev.pdm.launcher.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.stream.sink.TimeSeriesSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Telemetry rows in the time-series store, through QuestDB's SQL endpoint. */
final class QuestDbCount {

  private QuestDbCount() {}

  /** Rows of the telemetry table, 0 before it exists, -1 when the store cannot be asked. */
  static long rows(String questDbUrl) {
    try {
      String sql = "select count() from " + TimeSeriesSettings.MEASUREMENT;
      HttpResponse<byte[]> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              questDbUrl
                                  + "/exec?query="
                                  + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        return 0;
      }
      JsonNode body = EventCodec.readObject(r.body());
      return body.path("dataset").path(0).path(0).asLong(0);
    } catch (Exception e) {
      return -1;
    }
  }
}
