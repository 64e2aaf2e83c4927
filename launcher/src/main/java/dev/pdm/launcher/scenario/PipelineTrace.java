package dev.pdm.launcher.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline over time during a benchmark run: looks taken every few seconds while the fleet
 * publishes and while the run settles, turned into rates per interval. A part that cannot keep up
 * shows as a backlog that grows from look to look: the simulator behind its schedule, the gateway's
 * store-and-forward queue, or telemetry published but not yet stored (which also grows when the
 * stream job reads more slowly than the broker delivers, since the broker then queues for it).
 */
final class PipelineTrace {

  /**
   * One look at the pipeline.
   *
   * @param seconds wall seconds since the fleet started
   * @param simulating whether the fleet was still publishing
   * @param simulatorBehindSeconds how far the simulator's output trailed its simulated clock, in
   *     wall seconds
   * @param simulatorMessages telemetry and alarm frames the simulator handed to the site broker
   * @param simulatorTelemetry telemetry among them
   * @param gatewayUpstream events the gateway published to the central broker
   * @param gatewayQueue events in the gateway's store-and-forward queue (-1: not read)
   * @param stored telemetry rows added to the store since the fleet started (-1: not read)
   */
  record Look(
      double seconds,
      boolean simulating,
      double simulatorBehindSeconds,
      long simulatorMessages,
      long simulatorTelemetry,
      long gatewayUpstream,
      long gatewayQueue,
      long stored) {}

  /**
   * One interval between two looks.
   *
   * @param notStored telemetry published by the simulator and not (yet) in the store at the end of
   *     the interval; null when the store could not be read
   */
  record Row(
      double seconds,
      boolean simulating,
      double simulatorPerSecond,
      double gatewayPerSecond,
      Double storedPerSecond,
      double simulatorBehindSeconds,
      long gatewayQueue,
      Long notStored) {}

  private final List<Look> looks = new ArrayList<>();

  synchronized void add(Look look) {
    looks.add(look);
  }

  synchronized List<Row> rows() {
    return rows(looks);
  }

  /** Rates over each interval between consecutive looks; the first look only starts the count. */
  static List<Row> rows(List<Look> looks) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < looks.size(); i++) {
      Look a = looks.get(i - 1);
      Look b = looks.get(i);
      double dt = b.seconds() - a.seconds();
      if (dt <= 0) {
        continue;
      }
      boolean storeRead = a.stored() >= 0 && b.stored() >= 0;
      rows.add(
          new Row(
              b.seconds(),
              b.simulating(),
              (b.simulatorMessages() - a.simulatorMessages()) / dt,
              (b.gatewayUpstream() - a.gatewayUpstream()) / dt,
              storeRead ? (b.stored() - a.stored()) / dt : null,
              b.simulatorBehindSeconds(),
              b.gatewayQueue(),
              b.stored() >= 0 ? b.simulatorTelemetry() - b.stored() : null));
    }
    return rows;
  }
}
