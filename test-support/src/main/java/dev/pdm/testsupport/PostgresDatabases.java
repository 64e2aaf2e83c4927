package dev.pdm.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, empty databases on the machine's PostgreSQL (127.0.0.1:5432, trust auth), one per test
 * class, so integration tests never see each other's rows. Overridable with {@code
 * PDM_TEST_PG_HOST}, {@code PDM_TEST_PG_PORT} and {@code PDM_TEST_PG_USER}.
 */
public final class PostgresDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private PostgresDatabases() {}

  public static String host() {
    return System.getenv().getOrDefault("PDM_TEST_PG_HOST", "127.0.0.1");
  }

  public static int port() {
    return Integer.parseInt(System.getenv().getOrDefault("PDM_TEST_PG_PORT", "5432"));
  }

  public static String user() {
    return System.getenv().getOrDefault("PDM_TEST_PG_USER", "postgres");
  }

  public static String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /** Drops (if present) and creates a database named after the prefix; returns its JDBC URL. */
  public static String createFresh(String prefix) {
    String name =
        (prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "_");
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return jdbcUrl(name);
  }
}
