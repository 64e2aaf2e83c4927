package dev.pdm.simulators.fleet;

import dev.pdm.model.device.CustomerTier;

/**
 * A site of the fleet: one data logger, one gateway, one MQTT connection.
 *
 * @param solarOffsetMinutes how much later than Beijing time the sun is highest here (western
 *     provinces share the Asia/Shanghai clock but not its noon)
 */
public record Site(
    int index,
    String siteId,
    String name,
    String province,
    String region,
    String timezone,
    String customerId,
    String customerName,
    CustomerTier customerTier,
    int solarOffsetMinutes) {}
