package dev.pdm.simulators;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.generator.DeviceMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns alarm frames back into raise/clear transitions the way a gateway would: SunSpec frames are
 * diffed bit by bit against the device's previous frame, OCPP NoError clears the active code.
 */
public final class AlarmReplay {

  public record Transition(String serial, String code, boolean raise, long ts) {}

  private AlarmReplay() {}

  public static List<Transition> replay(List<DeviceMessage> alarmMessages) {
    AlarmCatalogue catalogue = AlarmCatalogue.standard();
    Map<String, Long> bits = new HashMap<>();
    Map<String, String> active = new HashMap<>();
    List<Transition> out = new ArrayList<>();
    for (DeviceMessage m : alarmMessages) {
      Fixtures.Frame f = Fixtures.decode(m);
      if (f.sunspec() != null) {
        long before = bits.getOrDefault(f.serial(), 0L);
        long now = f.sunspec().evt1();
        for (int bit = 0; bit < 32; bit++) {
          long mask = 1L << bit;
          if ((before & mask) != (now & mask)) {
            String code =
                catalogue
                    .bySunSpecBit(f.sunspec().deviceClass(), bit)
                    .orElseThrow(() -> new AssertionError("bit not in catalogue"))
                    .code();
            out.add(new Transition(f.serial(), code, (now & mask) != 0, f.ts()));
          }
        }
        bits.put(f.serial(), now);
      } else {
        String error = f.ocpp().payload().errorCode();
        String previous = active.remove(f.serial());
        if (error.equals("NoError")) {
          if (previous != null) {
            out.add(new Transition(f.serial(), previous, false, f.ts()));
          }
        } else {
          String code = "ocpp16:" + error;
          catalogue.get(code);
          active.put(f.serial(), code);
          out.add(new Transition(f.serial(), code, true, f.ts()));
        }
      }
    }
    return out;
  }

  public static DeviceClass classOf(DeviceMessage m) {
    return DeviceClass.parse(m.topic().split("/")[1]);
  }
}
