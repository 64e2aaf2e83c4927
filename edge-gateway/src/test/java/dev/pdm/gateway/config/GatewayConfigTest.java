package dev.pdm.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put(GatewayConfig.SITE, "site-1");
    m.put(GatewayConfig.CENTRAL_BROKER_URL, "ssl://central:8883");
    m.put(GatewayConfig.STORE_DIR, "/var/lib/pdm-gateway");
    return m;
  }

  @Test
  void defaultsFillEverythingNotGiven() {
    GatewayConfig c = GatewayConfig.parse(minimal());
    assertThat(c.site()).isEqualTo("site-1");
    assertThat(c.siteBrokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
    assertThat(c.storeDir()).isEqualTo(Path.of("/var/lib/pdm-gateway"));
    assertThat(c.telemetryQos()).isEqualTo(1);
    assertThat(c.fsync()).isTrue();
    assertThat(c.clientId()).isEqualTo("pdm-gateway-site-1");
    assertThat(c.deadLetterSource()).isEqualTo("gateway-site-1");
    assertThat(c.alarmRatePerSecond()).isGreaterThan(c.telemetryRatePerSecond());
  }

  @Test
  void everyNamedValueIsRead() {
    Map<String, String> m = minimal();
    m.put(GatewayConfig.CENTRAL_USERNAME, "gw");
    m.put(GatewayConfig.CENTRAL_PASSWORD, "secret");
    m.put(GatewayConfig.STORE_MAX_BYTES, "1048576");
    m.put(GatewayConfig.TELEMETRY_QOS, "0");
    m.put(GatewayConfig.HTTP_PORT, "0");
    m.put(GatewayConfig.TELEMETRY_RATE, "2.5");
    m.put(GatewayConfig.STORE_FSYNC, "never");
    GatewayConfig c = GatewayConfig.parse(m);
    assertThat(c.centralUsername()).isEqualTo("gw");
    assertThat(c.centralPassword()).isEqualTo("secret");
    assertThat(c.storeMaxBytes()).isEqualTo(1048576);
    assertThat(c.segmentBytes()).isEqualTo(65536);
    assertThat(c.telemetryQos()).isZero();
    assertThat(c.httpPort()).isZero();
    assertThat(c.telemetryRatePerSecond()).isEqualTo(2.5);
    assertThat(c.fsync()).isFalse();
  }

  @Test
  void allSitesModeNeedsARegistry() {
    Map<String, String> m = minimal();
    m.put(GatewayConfig.SITE, "*");
    assertThatThrownBy(() -> GatewayConfig.parse(m)).hasMessageContaining(GatewayConfig.REGISTRY);
    m.put(GatewayConfig.REGISTRY, "/etc/pdm/registry.csv");
    GatewayConfig c = GatewayConfig.parse(m);
    assertThat(c.allSites()).isTrue();
    assertThat(c.deadLetterSource()).isEqualTo("gateway-all-sites");
  }

  @Test
  void malformedValuesAreRejectedNamingTheVariable() {
    Map<String, String> m = minimal();
    m.put(GatewayConfig.TELEMETRY_QOS, "2");
    assertThatThrownBy(() -> GatewayConfig.parse(m))
        .hasMessageContaining(GatewayConfig.TELEMETRY_QOS);
    m.put(GatewayConfig.TELEMETRY_QOS, "one");
    assertThatThrownBy(() -> GatewayConfig.parse(m))
        .hasMessageContaining(GatewayConfig.TELEMETRY_QOS);
    Map<String, String> noCentral = minimal();
    noCentral.remove(GatewayConfig.CENTRAL_BROKER_URL);
    assertThatThrownBy(() -> GatewayConfig.parse(noCentral))
        .hasMessageContaining(GatewayConfig.CENTRAL_BROKER_URL);
  }
}
