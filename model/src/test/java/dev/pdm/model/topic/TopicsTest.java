package dev.pdm.model.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void deviceTopicsRoundTrip() {
    String topic = Topics.device(DeviceClass.BMS, "BMS-7", Topics.Kind.ALARM);
    assertThat(topic).isEqualTo("devices/bms/BMS-7/alarm");
    assertThat(Topics.parseDevice(topic))
        .isEqualTo(new Topics.DeviceTopic(DeviceClass.BMS, "BMS-7", Topics.Kind.ALARM));
  }

  @Test
  void centralTopicsRoundTrip() {
    String topic = Topics.central("site-3", "CHG-1", Topics.Kind.TELEMETRY);
    assertThat(topic).isEqualTo("pdm/v1/site-3/CHG-1/telemetry");
    assertThat(Topics.parseCentral(topic))
        .isEqualTo(new Topics.CentralTopic("site-3", "CHG-1", Topics.Kind.TELEMETRY));
  }

  @Test
  void malformedTopicsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> Topics.parseDevice("devices/toaster/T1/alarm"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown device class");
    assertThatThrownBy(() -> Topics.parseCentral("pdm/v1/site/serial/status"))
        .hasMessageContaining("unknown kind");
    assertThatThrownBy(() -> Topics.central("site/1", "S", Topics.Kind.ALARM))
        .hasMessageContaining("site");
  }

  @Test
  void sharedSubscriptionsUseTheMqtt5Syntax() {
    assertThat(Topics.shared("stream-jobs", Topics.CENTRAL_ALARMS_FILTER))
        .isEqualTo("$share/stream-jobs/pdm/v1/+/+/alarm");
  }
}
