package dev.pdm.launcher.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.launcher.Ports;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {

  @TempDir Path dir;

  @Test
  void rowsWrittenBeforeAStopAreThereAfterTheNextStart() throws Exception {
    int port = Ports.preferOrFree(0);
    try (LocalPostgres pg = LocalPostgres.start(dir, port);
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ticket (id int PRIMARY KEY)");
      s.execute("INSERT INTO ticket VALUES (1), (2)");
    }
    try (LocalPostgres pg = LocalPostgres.start(dir, port);
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM ticket")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
