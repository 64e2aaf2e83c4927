package dev.pdm.model.catalogue;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;

/**
 * One catalogue entry.
 *
 * @param code the namespaced code, {@code standard-prefix:NAME}
 * @param bit the Evt1 bit for SunSpec codes, -1 otherwise
 * @param family the failure mode the code belongs to, the unit of batch-risk analysis
 * @param twin for an ALARM its WARNING (and back), the same condition at the other level; or null
 */
public record AlarmCode(
    String code,
    AlarmStandard standard,
    String name,
    DeviceClass deviceClass,
    int bit,
    Severity defaultSeverity,
    String family,
    String twin,
    String descriptionEn,
    String descriptionZh,
    String troubleshootingEn,
    String troubleshootingZh) {

  /** OCPP NoError is not a fault: it clears the connector's active code. */
  public boolean clearsOthers() {
    return code.equals(AlarmCatalogue.OCPP_NO_ERROR);
  }

  public boolean isAlarmLevel() {
    return name.endsWith("_ALARM");
  }
}
