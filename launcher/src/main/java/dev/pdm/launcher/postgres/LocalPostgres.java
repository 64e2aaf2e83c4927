package dev.pdm.launcher.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (binaries from Maven Central) whose data directory survives restarts, so that a
 * second start of the local system resumes from the stored tickets instead of starting over.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String DATABASE = "pdm";

  private final EmbeddedPostgres postgres;

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static LocalPostgres start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .start();
      LocalPostgres local = new LocalPostgres(pg);
      local.ensureDatabase();
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public String reactiveUrl() {
    return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public String user() {
    return "postgres";
  }

  private void ensureDatabase() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + DATABASE, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
