package dev.pdm.launcher.scenario;

import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which edge gateways a scenario run starts, and which sites of the one local site broker each
 * serves. Without an offline window one gateway serves every site, as before. With one, each site
 * the ground truth takes offline gets a gateway of its own whose uplink runs through an {@link
 * UplinkSwitch}, and one more gateway serves every other site with a direct uplink: only the
 * offline site goes quiet, the rest of the fleet keeps moving event time on, and the offline site's
 * buffer arrives hours behind it, as in the field.
 */
final class GatewaySplit {

  /** Client id and directory stem of the gateway that serves every site not taken offline. */
  static final String REST = "gateway";

  /**
   * One gateway instance of the run.
   *
   * @param offlineSite the site whose uplink this gateway carries alone, or null for the gateway of
   *     every other site (direct uplink)
   * @param siteSettings the gateway's site selection ({@link GatewayConfig} names)
   */
  record Gateway(String offlineSite, Map<String, String> siteSettings) {

    /** Behind an {@link UplinkSwitch}: the gateway of an offline site. */
    boolean switchedUplink() {
      return offlineSite != null;
    }

    /** Store, log directory and client id stem: {@code gateway} or {@code gateway-<site>}. */
    String name() {
      return offlineSite == null ? REST : REST + "-" + offlineSite;
    }

    /** For the report and the console: which sites it serves. */
    String label() {
      if (offlineSite != null) {
        return "site " + offlineSite;
      }
      String except = siteSettings.get(GatewayConfig.EXCEPT_SITES);
      return except == null ? "every site" : "every site but " + except;
    }
  }

  private GatewaySplit() {}

  /** The sites the ground truth takes offline, each once, in order. */
  static SortedSet<String> offlineSites(List<GroundTruthFault> truth) {
    SortedSet<String> sites = new TreeSet<>();
    for (GroundTruthFault f : truth) {
      if (f.kind() == FaultKind.GATEWAY_OFFLINE) {
        sites.add(Objects.requireNonNull(f.site(), "gateway-offline window without a site"));
      }
    }
    return sites;
  }

  /** The gateways to start for this ground truth: the one of the rest first. */
  static List<Gateway> of(List<GroundTruthFault> truth) {
    SortedSet<String> offline = offlineSites(truth);
    List<Gateway> gateways = new ArrayList<>();
    if (offline.isEmpty()) {
      gateways.add(new Gateway(null, Map.of(GatewayConfig.SITE, GatewayConfig.ALL_SITES)));
      return gateways;
    }
    gateways.add(
        new Gateway(
            null,
            Map.of(
                GatewayConfig.SITE,
                GatewayConfig.ALL_SITES,
                GatewayConfig.EXCEPT_SITES,
                String.join(",", offline))));
    for (String site : offline) {
      gateways.add(
          new Gateway(
              site,
              Map.of(GatewayConfig.SITE, GatewayConfig.ALL_SITES, GatewayConfig.ONLY_SITES, site)));
    }
    return gateways;
  }
}
