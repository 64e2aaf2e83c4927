package dev.pdm.ticket.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;

/** All settings of the ticket API beyond Quarkus' own (datasource, HTTP, JWT). */
@ConfigMapping(prefix = "pdm")
public interface TicketApiConfig {

  Sla sla();

  Paging paging();

  Outbox outbox();

  /** SLA clocks and their scheduler. */
  interface Sla {
    /** Fraction of a target at which a warning fires. */
    @WithDefault("0.8")
    double warningFraction();

    /** Fraction of the target between escalation levels after the breach (L1 at 100%). */
    @WithDefault("0.5")
    double escalationStep();

    /** How many escalation levels follow the warning (L1..Ln). */
    @WithDefault("3")
    int escalationLevels();

    /** How often each replica scans for due warnings and escalations. */
    @WithDefault("10s")
    java.time.Duration scanInterval();

    /** How many due clocks one scheduler run claims at most. */
    @WithDefault("200")
    int batchSize();

    /** Zone for tickets without a device site (e.g. batch problems). */
    @WithDefault("Asia/Shanghai")
    ZoneId defaultZone();

    /** Name this replica writes into fired SLA events. */
    @WithDefault("ticket-api")
    String replicaName();
  }

  /** List endpoints. */
  interface Paging {
    /** Page size when the caller gives no limit. */
    @WithDefault("50")
    int defaultLimit();

    /** Largest page a caller may ask for. */
    @WithDefault("500")
    int maxLimit();
  }

  /** Relay of outbox rows (SLA warnings and escalations) to MQTT. */
  interface Outbox {
    /** False leaves events in the outbox table (the broker settings are those of pdm.mqtt). */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica looks for unpublished events. */
    @WithDefault("1s")
    java.time.Duration interval();

    /** Events claimed and published per round. */
    @WithDefault("100")
    int batchSize();

    /** Longest wait for the broker's acknowledgements of one round. */
    @WithDefault("10s")
    java.time.Duration publishTimeout();

    /** Appended to pdm.mqtt.client-id for the publishing connection. */
    @WithDefault("-outbox")
    String clientIdSuffix();
  }
}
