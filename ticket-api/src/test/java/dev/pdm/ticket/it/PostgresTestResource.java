package dev.pdm.ticket.it;

import dev.pdm.testsupport.PostgresDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A fresh database on the machine's PostgreSQL for the test run; Flyway migrates it at boot. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String jdbc = PostgresDatabases.createFresh("ticketapi");
    return Map.of(
        "quarkus.datasource.jdbc.url",
        jdbc,
        "quarkus.datasource.reactive.url",
        jdbc.substring("jdbc:".length()),
        "quarkus.datasource.username",
        PostgresDatabases.user(),
        "quarkus.datasource.password",
        "");
  }

  @Override
  public void stop() {
    // the database stays for inspection; the next run drops and recreates its own
  }
}
