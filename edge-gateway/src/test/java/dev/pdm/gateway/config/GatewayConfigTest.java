package dev.pdm.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

  private static Map<String, String> sharedBroker() {
    Map<String, String> m = minimal();
    m.put(GatewayConfig.SITE, GatewayConfig.ALL_SITES);
    m.put(GatewayConfig.REGISTRY, "/etc/pdm/registry.csv");
    m.put(GatewayConfig.CLIENT_ID, "gw-a");
    return m;
  }

  @Test
  void withoutASiteListAGatewayTakesEveryMessage() {
    GatewayConfig c = GatewayConfig.parse(sharedBroker());
    assertThat(c.narrowed()).isFalse();
    assertThat(c.takes(Optional.of("site-a"))).isTrue();
    assertThat(c.takes(Optional.empty())).isTrue();
  }

  @Test
  void onlySitesTakesThoseSitesDevicesAndLeavesUnknownSerialsToTheOtherGateway() {
    Map<String, String> m = sharedBroker();
    m.put(GatewayConfig.ONLY_SITES, " site-a , site-c,");
    GatewayConfig c = GatewayConfig.parse(m);
    assertThat(c.onlySites()).containsExactlyInAnyOrder("site-a", "site-c");
    assertThat(c.narrowed()).isTrue();
    assertThat(c.takes(Optional.of("site-a"))).isTrue();
    assertThat(c.takes(Optional.of("site-c"))).isTrue();
    assertThat(c.takes(Optional.of("site-b"))).isFalse();
    assertThat(c.takes(Optional.empty())).isFalse();
  }

  @Test
  void exceptSitesTakesEverythingElseIncludingUnknownSerials() {
    Map<String, String> m = sharedBroker();
    m.put(GatewayConfig.EXCEPT_SITES, "site-a");
    GatewayConfig c = GatewayConfig.parse(m);
    assertThat(c.exceptSites()).containsExactly("site-a");
    assertThat(c.narrowed()).isTrue();
    assertThat(c.takes(Optional.of("site-a"))).isFalse();
    assertThat(c.takes(Optional.of("site-b"))).isTrue();
    assertThat(c.takes(Optional.empty())).isTrue();
  }

  @Test
  void anOnlyAndAnExceptGatewayForTheSameSitesTakeEachMessageExactlyOnce() {
    Map<String, String> only = sharedBroker();
    only.put(GatewayConfig.ONLY_SITES, "site-a,site-b");
    Map<String, String> except = sharedBroker();
    except.put(GatewayConfig.EXCEPT_SITES, "site-b,site-a");
    except.put(GatewayConfig.CLIENT_ID, "gw-rest");
    GatewayConfig o = GatewayConfig.parse(only);
    GatewayConfig e = GatewayConfig.parse(except);
    for (Optional<String> site :
        java.util.List.of(
            Optional.of("site-a"),
            Optional.of("site-b"),
            Optional.of("site-z"),
            Optional.<String>empty())) {
      assertThat(o.takes(site) ^ e.takes(site)).as("exactly one takes %s", site).isTrue();
    }
  }

  @Test
  void aSiteListNeedsAllSitesModeOneKindOfListAndAnExplicitClientId() {
    Map<String, String> fixedSite = minimal();
    fixedSite.put(GatewayConfig.ONLY_SITES, "site-1");
    assertThatThrownBy(() -> GatewayConfig.parse(fixedSite))
        .hasMessageContaining(GatewayConfig.SITE + "=*");
    Map<String, String> both = sharedBroker();
    both.put(GatewayConfig.ONLY_SITES, "site-a");
    both.put(GatewayConfig.EXCEPT_SITES, "site-b");
    assertThatThrownBy(() -> GatewayConfig.parse(both)).hasMessageContaining("not both");
    Map<String, String> noClientId = sharedBroker();
    noClientId.remove(GatewayConfig.CLIENT_ID);
    noClientId.put(GatewayConfig.EXCEPT_SITES, "site-a");
    assertThatThrownBy(() -> GatewayConfig.parse(noClientId))
        .hasMessageContaining(GatewayConfig.CLIENT_ID);
    Map<String, String> badSite = sharedBroker();
    badSite.put(GatewayConfig.ONLY_SITES, "site a");
    assertThatThrownBy(() -> GatewayConfig.parse(badSite))
        .hasMessageContaining(GatewayConfig.ONLY_SITES);
  }
}
