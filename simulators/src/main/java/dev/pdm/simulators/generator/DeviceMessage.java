package dev.pdm.simulators.generator;

import dev.pdm.model.topic.Topics;

/**
 * One message a device publishes.
 *
 * @param transitions alarm state changes the frame carries (a SunSpec frame may change several bits
 *     at once; the gateway turns each into one alarm event); 0 for telemetry
 */
public record DeviceMessage(
    String topic,
    byte[] payload,
    int qos,
    Topics.Kind kind,
    String serial,
    String siteId,
    long deviceTimeMillis,
    int transitions) {}
