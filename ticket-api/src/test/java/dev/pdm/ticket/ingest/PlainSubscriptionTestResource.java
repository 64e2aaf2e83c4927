package dev.pdm.ticket.ingest;

import java.util.HashMap;
import java.util.Map;

/** {@link IngestTestResource} with the ingestor subscribing plainly, as a single replica does. */
public class PlainSubscriptionTestResource extends IngestTestResource {

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    config.put("pdm.mqtt.subscription", "plain");
    config.put("pdm.mqtt.client-id", "ticket-api-plain-it");
    return config;
  }
}
