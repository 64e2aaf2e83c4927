package dev.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on embedded defaults: simulated alarms through the gateway and the Flink job
 * become incidents that the rules turn into tickets; a second start on the same data keeps them.
 */
class LocalSystemIT {

  @TempDir Path data;

  static final Pattern TICKET_ID = Pattern.compile("\\{\"id\":(\\d+),");

  /** The incident a rule-opened ticket was opened for, from its recorded decision. */
  static final Pattern OPENED_FOR =
      Pattern.compile("\"kind\":\"OPEN\"[^}]*?\"subjectId\":\"([^\"]+)\"");

  LocalOptions options() {
    return LocalOptions.parse(
        "--data-dir", data.toString(),
        "--devices", "60",
        "--seed", "7",
        "--scenario", "background",
        "--faults-per-day", "20",
        "--speed", "60",
        "--broker-port", "0",
        "--postgres-port", "0",
        "--questdb-port", "0",
        "--api-port", "0",
        "--ticket-api-jar", "../ticket-api/target/quarkus-app/quarkus-run.jar");
  }

  static String tickets(String api, Path data) throws Exception {
    String token = Files.readString(data.resolve("tokens/dispatcher.jwt"));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/tickets?limit=200"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static long count(String body) {
    Matcher m = TICKET_ID.matcher(body);
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void simulatedFaultsBecomeTicketsAndASecondStartKeepsThem() throws Exception {
    LocalSystem first = new LocalSystem();
    long opened;
    try {
      first.start(options());
      String api = first.ticketApiUrl();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> count(tickets(api, data)) >= 1);
      String body = tickets(api, data);
      assertThat(body).contains("\"rulesetVersion\":\"v1\"").contains("\"type\":\"DEVICE_FAULT\"");
      opened = count(body);
    } finally {
      first.stop();
    }

    LocalSystem second = new LocalSystem();
    try {
      second.start(options());
      String body = tickets(second.ticketApiUrl(), data);
      assertThat(count(body)).isGreaterThanOrEqualTo(opened);
      // Replayed incidents after the restart must not open a second ticket for the same incident.
      java.util.List<String> openedFor = new java.util.ArrayList<>();
      Matcher m = OPENED_FOR.matcher(body);
      while (m.find()) {
        openedFor.add(m.group(1));
      }
      assertThat(openedFor).isNotEmpty().doesNotHaveDuplicates();
    } finally {
      second.stop();
    }
  }
}
