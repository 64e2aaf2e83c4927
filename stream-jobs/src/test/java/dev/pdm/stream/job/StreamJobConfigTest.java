package dev.pdm.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamJobConfigTest {

  @Test
  void defaultsApplyToEverythingNotGiven() {
    StreamJobConfig config = StreamJobConfig.parse("--registry.path", "/data/registry.csv");

    assertThat(config.mqttUrl()).isEqualTo("tcp://127.0.0.1:1883");
    assertThat(config.mqttReceiveMaximum()).isEqualTo(1000);
    assertThat(config.parallelism()).isEqualTo(2);
    assertThat(config.checkpointDir()).isNull();
    assertThat(config.registryPath()).isEqualTo("/data/registry.csv");
  }

  @Test
  void bothArgumentFormsAreParsed() {
    StreamJobConfig config =
        StreamJobConfig.parse(
            "--registry.path=/r.json",
            "--mqtt.url",
            "tcp://broker:1883",
            "--mqtt.client-prefix=job-a",
            "--mqtt.receive-maximum",
            "5000",
            "--influx.url",
            "http://influx:8086",
            "--influx.token=secret",
            "--influx.org",
            "acme",
            "--influx.bucket",
            "fleet",
            "--checkpoint.interval-ms",
            "1000",
            "--checkpoint.dir",
            "/tmp/chk",
            "--parallelism",
            "4");

    assertThat(config.mqttUrl()).isEqualTo("tcp://broker:1883");
    assertThat(config.sourceMqtt().clientId(3)).isEqualTo("job-a-source-3");
    assertThat(config.sinkMqtt("incidents").clientId(0)).isEqualTo("job-a-incidents-0");
    assertThat(config.sourceMqtt().receiveMaximum()).isEqualTo(5000);
    assertThat(config.timeSeries().url()).isEqualTo("http://influx:8086");
    assertThat(config.timeSeries().token()).isEqualTo("secret");
    assertThat(config.timeSeries().org()).isEqualTo("acme");
    assertThat(config.timeSeries().bucket()).isEqualTo("fleet");
    assertThat(config.checkpointIntervalMs()).isEqualTo(1000);
    assertThat(config.checkpointDir()).isEqualTo("/tmp/chk");
    assertThat(config.parallelism()).isEqualTo(4);
  }

  @Test
  void secretsStayOutOfToString() {
    StreamJobConfig config =
        StreamJobConfig.parse(
            "--registry.path=/r", "--mqtt.password=hunter2", "--influx.token=tok-123");
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("tok-123");
    assertThat(config.sourceMqtt().toString()).doesNotContain("hunter2");
  }

  @Test
  void secretsComeFromTheEnvironmentUnlessAnArgumentGivesThem() {
    StreamJobConfig fromEnv =
        StreamJobConfig.parse(
            java.util.Map.of("PDM_MQTT_PASSWORD", "env-pw", "PDM_INFLUX_TOKEN", "env-token"),
            "--registry.path=/r");
    assertThat(fromEnv.sourceMqtt().password()).isEqualTo("env-pw");
    assertThat(fromEnv.timeSeries().token()).isEqualTo("env-token");
    StreamJobConfig argumentWins =
        StreamJobConfig.parse(
            java.util.Map.of("PDM_INFLUX_TOKEN", "env-token"),
            "--registry.path=/r",
            "--influx.token=arg-token");
    assertThat(argumentWins.timeSeries().token()).isEqualTo("arg-token");
  }

  @Test
  void anUnknownOptionIsAnError() {
    assertThatThrownBy(() -> StreamJobConfig.parse("--registry.path=/r", "--mqtt.uri=x"))
        .hasMessageContaining("unknown option --mqtt.uri");
  }

  @Test
  void theRegistryIsRequired() {
    assertThatThrownBy(StreamJobConfig::parse).hasMessageContaining("--registry.path");
  }

  @Test
  void aNonNumberIsAnError() {
    assertThatThrownBy(() -> StreamJobConfig.parse("--registry.path=/r", "--parallelism=two"))
        .hasMessageContaining("--parallelism");
  }

  @Test
  void aMissingValueIsAnError() {
    assertThatThrownBy(() -> StreamJobConfig.parse("--registry.path"))
        .hasMessageContaining("needs a value");
  }
}
