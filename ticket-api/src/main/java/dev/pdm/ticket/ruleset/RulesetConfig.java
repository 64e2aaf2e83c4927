package dev.pdm.ticket.ruleset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Rule management settings. */
@ConfigMapping(prefix = "pdm.rules")
public interface RulesetConfig {

  /**
   * How often each replica reads the active version id from the database and recompiles when it
   * changed; bounds how long an activation on another replica takes to arrive here.
   */
  @WithDefault("3s")
  Duration pollInterval();

  /** How many compiled versions a replica keeps, so that a rollback needs no recompilation. */
  @WithDefault("4")
  int compiledCacheSize();

  /**
   * How long a closed (or resolved) ticket stays visible to the rules, e.g. for reopening a failed
   * first-time fix.
   */
  @WithDefault("P30D")
  Duration closedTicketHorizon();

  /** Largest number of recorded decisions one backtest replays. */
  @WithDefault("5000")
  int backtestLimit();
}
