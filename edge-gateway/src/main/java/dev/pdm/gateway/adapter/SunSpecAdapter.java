package dev.pdm.gateway.adapter;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.vendor.SunSpecEventFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SunSpec inverters (models 101-103) and batteries (model 802) report their whole {@code Evt1}
 * bitfield; this diffs it against the previous one and emits one RAISED or CLEARED per changed bit
 * that the catalogue defines, lowest bit first.
 */
public final class SunSpecAdapter {

  private final AlarmCatalogue catalogue;

  public SunSpecAdapter(AlarmCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** Alarm edges of one frame and the state to remember afterwards. */
  public record Mapped(List<AlarmEvent> events, DeviceAlarmState.SunSpec next, int undefinedBits) {}

  /**
   * @param previous the last frame's state, or null when this is the first frame seen from the
   *     device: then every set bit is raised, as the device is in that state now and nobody knows
   *     it
   */
  public Mapped map(SunSpecEventFrame frame, DeviceAlarmState.SunSpec previous, String site) {
    long before = previous == null ? 0L : previous.evt1();
    long changed = before ^ frame.evt1();
    String vendorCode =
        frame.evtVnd1() == null ? null : "0x" + String.format(Locale.ROOT, "%08X", frame.evtVnd1());
    List<AlarmEvent> events = new ArrayList<>();
    int undefined = 0;
    for (int bit = 0; bit < 32; bit++) {
      if ((changed & (1L << bit)) == 0) {
        continue;
      }
      Optional<AlarmCode> code = catalogue.bySunSpecBit(frame.deviceClass(), bit);
      if (code.isEmpty()) {
        // Reserved bits carry no meaning we could ticket; they are counted, not forwarded.
        undefined++;
        continue;
      }
      events.add(
          AlarmEvent.of(
              frame.sn(),
              frame.deviceClass(),
              frame.model(),
              frame.fw(),
              code.get().code(),
              vendorCode,
              frame.bitSet(bit) ? AlarmState.RAISED : AlarmState.CLEARED,
              code.get().defaultSeverity(),
              frame.deviceTime(),
              frame.seq(),
              site,
              null));
    }
    return new Mapped(
        List.copyOf(events),
        new DeviceAlarmState.SunSpec(frame.evt1(), frame.ts(), frame.seq()),
        undefined);
  }
}
