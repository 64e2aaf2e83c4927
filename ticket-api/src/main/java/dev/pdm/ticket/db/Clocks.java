package dev.pdm.ticket.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The one clock the service reads; PostgreSQL timestamps have microsecond precision. */
public class Clocks {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.tickMillis(java.time.ZoneOffset.UTC);
  }
}
