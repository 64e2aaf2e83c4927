package dev.pdm.model.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.vendor.OcppStatusNotification;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmCatalogueTest {

  /** SunSpec models 101-103, point Evt1, in bit order. */
  static final List<String> SUNSPEC_INVERTER_EVT1 =
      List.of(
          "GROUND_FAULT",
          "DC_OVER_VOLT",
          "AC_DISCONNECT",
          "DC_DISCONNECT",
          "GRID_DISCONNECT",
          "CABINET_OPEN",
          "MANUAL_SHUTDOWN",
          "OVER_TEMP",
          "OVER_FREQUENCY",
          "UNDER_FREQUENCY",
          "AC_OVER_VOLT",
          "AC_UNDER_VOLT",
          "BLOWN_STRING_FUSE",
          "UNDER_TEMP",
          "MEMORY_LOSS",
          "HW_TEST_FAILURE");

  /** SunSpec model 802, point Evt1, in bit order; bit 27 is reserved. */
  static final List<String> SUNSPEC_BATTERY_EVT1 =
      List.of(
          "COMMUNICATION_ERROR",
          "OVER_TEMP_ALARM",
          "OVER_TEMP_WARNING",
          "UNDER_TEMP_ALARM",
          "UNDER_TEMP_WARNING",
          "OVER_CHARGE_CURRENT_ALARM",
          "OVER_CHARGE_CURRENT_WARNING",
          "OVER_DISCHARGE_CURRENT_ALARM",
          "OVER_DISCHARGE_CURRENT_WARNING",
          "OVER_VOLT_ALARM",
          "OVER_VOLT_WARNING",
          "UNDER_VOLT_ALARM",
          "UNDER_VOLT_WARNING",
          "UNDER_SOC_MIN_ALARM",
          "UNDER_SOC_MIN_WARNING",
          "OVER_SOC_MAX_ALARM",
          "OVER_SOC_MAX_WARNING",
          "VOLTAGE_IMBALANCE_WARNING",
          "TEMPERATURE_IMBALANCE_ALARM",
          "TEMPERATURE_IMBALANCE_WARNING",
          "CONTACTOR_ERROR",
          "FAN_ERROR",
          "GROUND_FAULT",
          "OPEN_DOOR_ERROR",
          "CURRENT_IMBALANCE_WARNING",
          "OTHER_ALARM",
          "OTHER_WARNING",
          "RESERVED_1",
          "CONFIGURATION_ALARM",
          "CONFIGURATION_WARNING");

  final AlarmCatalogue catalogue = AlarmCatalogue.standard();

  @Test
  void everySunSpecInverterBitIsCataloguedAtItsBit() {
    for (int bit = 0; bit < SUNSPEC_INVERTER_EVT1.size(); bit++) {
      AlarmCode code = catalogue.bySunSpecBit(DeviceClass.INVERTER, bit).orElseThrow();
      assertThat(code.name()).isEqualTo(SUNSPEC_INVERTER_EVT1.get(bit));
      assertThat(code.code()).isEqualTo("sunspec-inv:" + SUNSPEC_INVERTER_EVT1.get(bit));
    }
    assertThat(catalogue.of(AlarmStandard.SUNSPEC_INVERTER)).hasSize(16);
  }

  @Test
  void everySunSpecBatteryBitIsCataloguedAtItsBitExceptTheReservedOne() {
    for (int bit = 0; bit < SUNSPEC_BATTERY_EVT1.size(); bit++) {
      String name = SUNSPEC_BATTERY_EVT1.get(bit);
      if (name.startsWith("RESERVED")) {
        assertThat(catalogue.bySunSpecBit(DeviceClass.BMS, bit)).isEmpty();
        continue;
      }
      assertThat(catalogue.bySunSpecBit(DeviceClass.BMS, bit).orElseThrow().name()).isEqualTo(name);
    }
    assertThat(catalogue.of(AlarmStandard.SUNSPEC_BATTERY)).hasSize(29);
  }

  @Test
  void everyOcppChargePointErrorCodeIsCatalogued() {
    assertThat(catalogue.of(AlarmStandard.OCPP16))
        .extracting(AlarmCode::name)
        .containsExactlyInAnyOrderElementsOf(OcppStatusNotification.ERROR_CODES);
    assertThat(catalogue.get(AlarmCatalogue.OCPP_NO_ERROR).clearsOthers()).isTrue();
  }

  @Test
  void everyEntryIsDescribedInBothLanguagesWithTroubleshooting() {
    for (AlarmCode code : catalogue.all()) {
      assertThat(code.descriptionEn()).as(code.code()).isNotBlank();
      assertThat(code.descriptionZh())
          .as(code.code())
          .isNotBlank()
          .isNotEqualTo(code.descriptionEn());
      assertThat(code.troubleshootingEn()).as(code.code()).isNotBlank();
      assertThat(code.troubleshootingZh()).as(code.code()).isNotBlank();
      assertThat(code.family()).as(code.code()).isNotBlank();
      assertThat(code.code()).startsWith(code.standard().prefix() + ":");
    }
  }

  @Test
  void alarmAndWarningTwinsPointAtEachOther() {
    AlarmCode alarm = catalogue.get("sunspec-bat:OVER_TEMP_ALARM");
    assertThat(alarm.twin()).isEqualTo("sunspec-bat:OVER_TEMP_WARNING");
    for (AlarmCode code : catalogue.all()) {
      if (code.twin() != null) {
        assertThat(catalogue.get(code.twin()).twin()).as(code.code()).isEqualTo(code.code());
      }
    }
  }
}
