package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.fleet.Site;
import dev.pdm.simulators.scenario.ExpectedOutcome;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import dev.pdm.simulators.scenario.ScenarioParams;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewaySplitTest {

  private static final Instant T0 = Instant.parse("2025-06-02T00:00:00Z");
  private static final Instant FOUR_HOURS_LATER = T0.plus(Duration.ofHours(4));

  /** The plan a scenario run makes for this scenario, with the run's defaults and a fixed seed. */
  private static Simulation planned(String scenario) {
    SimulatorConfig c =
        SimulatorConfig.builder()
            .seed(42)
            .devices(300)
            .scenario(scenario)
            .simStart(T0)
            .simDuration(Duration.ofDays(1))
            .telemetryPeriod(Duration.ofMinutes(5))
            .outputDir(Path.of("not-written"))
            .clientIdPrefix("pdm-sim")
            .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.5))
            .build();
    return Simulation.plan(c, T0);
  }

  /** The gateway's own parse of the settings the harness gives it. */
  private static GatewayConfig config(GatewaySplit.Gateway g) {
    Map<String, String> m = new HashMap<>(g.siteSettings());
    m.put(GatewayConfig.REGISTRY, "registry.csv");
    m.put(GatewayConfig.CENTRAL_BROKER_URL, "tcp://127.0.0.1:1883");
    m.put(GatewayConfig.STORE_DIR, g.name());
    m.put(GatewayConfig.CLIENT_ID, "pdm-" + g.name());
    return GatewayConfig.parse(m);
  }

  private static GroundTruthFault offlineWindow(String id, String site) {
    return new GroundTruthFault(
        id,
        "gateway-offline",
        FaultKind.GATEWAY_OFFLINE,
        null,
        List.of(),
        null,
        site,
        null,
        List.of(),
        T0,
        null,
        FOUR_HOURS_LATER,
        0,
        ExpectedOutcome.NO_ALARM_LOST);
  }

  @Test
  void withoutAnOfflineWindowOneGatewayServesEverySiteWithADirectUplink() {
    List<GatewaySplit.Gateway> gateways = GatewaySplit.of(planned("background").plan().faults());
    assertThat(gateways).hasSize(1);
    GatewaySplit.Gateway only = gateways.get(0);
    assertThat(only.switchedUplink()).isFalse();
    assertThat(only.name()).isEqualTo("gateway");
    assertThat(only.siteSettings())
        .containsExactlyEntriesOf(Map.of(GatewayConfig.SITE, GatewayConfig.ALL_SITES));
    assertThat(config(only).narrowed()).isFalse();
  }

  @Test
  void theOfflineSiteGetsAGatewayOfItsOwnBehindTheSwitchAndEveryOtherSiteStaysDirect() {
    Simulation sim = planned("gateway-offline");
    List<GroundTruthFault> windows = sim.plan().of(FaultKind.GATEWAY_OFFLINE);
    assertThat(windows).hasSize(1);
    String offline = windows.get(0).site();
    assertThat(sim.fleet().sites()).hasSizeGreaterThan(1);

    List<GatewaySplit.Gateway> gateways = GatewaySplit.of(sim.plan().faults());

    assertThat(gateways)
        .extracting(
            GatewaySplit.Gateway::name,
            GatewaySplit.Gateway::offlineSite,
            GatewaySplit.Gateway::switchedUplink)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gateway", null, false),
            org.assertj.core.groups.Tuple.tuple("gateway-" + offline, offline, true));
    GatewayConfig rest = config(gateways.get(0));
    GatewayConfig cut = config(gateways.get(1));
    for (Site site : sim.fleet().sites()) {
      Optional<String> s = Optional.of(site.siteId());
      boolean isOffline = site.siteId().equals(offline);
      assertThat(cut.takes(s)).as("offline gateway takes %s", site.siteId()).isEqualTo(isOffline);
      assertThat(rest.takes(s)).as("direct gateway takes %s", site.siteId()).isEqualTo(!isOffline);
    }
    // A serial the registry does not know is dead-lettered once, by the gateway of the rest.
    assertThat(rest.takes(Optional.empty())).isTrue();
    assertThat(cut.takes(Optional.empty())).isFalse();
  }

  @Test
  void windowsAtTwoSitesGiveEachSiteItsOwnGatewayAndTheRestOneMore() {
    List<GroundTruthFault> truth =
        List.of(
            offlineWindow("F-1", "site-004"),
            offlineWindow("F-2", "site-001"),
            offlineWindow("F-3", "site-004"));

    List<GatewaySplit.Gateway> gateways = GatewaySplit.of(truth);

    assertThat(gateways)
        .extracting(GatewaySplit.Gateway::name)
        .containsExactly("gateway", "gateway-site-001", "gateway-site-004");
    assertThat(gateways.get(0).siteSettings())
        .containsEntry(GatewayConfig.EXCEPT_SITES, "site-001,site-004");
    assertThat(gateways.get(0).label()).isEqualTo("every site but site-001,site-004");
    assertThat(gateways.get(2).siteSettings()).containsEntry(GatewayConfig.ONLY_SITES, "site-004");
    assertThat(gateways.get(2).label()).isEqualTo("site site-004");
    for (String site : List.of("site-001", "site-002", "site-004")) {
      assertThat(gateways.stream().filter(g -> config(g).takes(Optional.of(site))))
          .as("gateways taking %s", site)
          .hasSize(1);
    }
  }
}
