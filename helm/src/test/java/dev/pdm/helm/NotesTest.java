package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotesTest {

  private final ChartUnderTest chart = ChartUnderTest.get();

  @Test
  void notesTellHowToReachTheApiThroughAPortForwardByDefault() {
    String notes = chart.notes();

    assertThat(notes)
        .contains("kubectl -n pdm port-forward svc/fleet-pdm-ticket-api 8080:8080")
        .contains("/q/health/ready")
        .contains("kubectl -n pdm get flinkdeployment fleet-pdm-stream-jobs");
  }

  @Test
  void notesGiveTheIngressUrlWhenThereIsOne() {
    String notes =
        chart.notes(
            chart.valuesFile(
                """
                ticketApi:
                  ingress:
                    enabled: true
                    host: tickets.example.org
                    tlsSecretName: tickets-tls
                """));

    assertThat(notes)
        .contains("https://tickets.example.org/")
        .doesNotContain("port-forward svc/fleet-pdm-ticket-api");
  }

  @Test
  void notesListEverySecretTheReleaseReads() {
    String notes = chart.notes(ChartUnderTest.examplesDir().resolve("production.yaml"));

    assertThat(notes)
        .contains("pdm-postgresql (username, password)")
        .contains("pdm-jwt (publicKey.pem)")
        .contains("pdm-influxdb (token)")
        .contains("pdm-mqtt-stream-jobs (password)")
        .contains("pdm-mqtt-gw-plant-north (username, password)")
        .contains("pdm-mqtt-edge-gateway (username, password)");
  }

  @Test
  void notesWarnAboutAnAnonymousBroker() {
    String notes = chart.notes(ChartUnderTest.examplesDir().resolve("minimal.yaml"));

    assertThat(notes).contains("WARNING: the in-chart broker accepts anonymous clients");
  }
}
