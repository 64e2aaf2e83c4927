package dev.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

  @TempDir Path data;

  @Test
  void aFallbackPortIsChosenAgainOnTheNextStartWithTheSameData() throws Exception {
    try (ServerSocket conventional = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int taken = conventional.getLocalPort();
      int first = Ports.remembered(data, "broker", taken);
      assertThat(first).isNotEqualTo(taken);
      assertThat(Ports.remembered(data, "broker", taken)).isEqualTo(first);
      // Another data directory keeps its own memory: it falls back past the taken port too, writes
      // its choice into its own ports/ directory and leaves the first directory's choice alone.
      Path other = data.resolve("other");
      int elsewhere = Ports.remembered(other, "broker", taken);
      assertThat(elsewhere).isNotEqualTo(taken);
      assertThat(Files.readString(other.resolve("ports").resolve("broker")))
          .isEqualTo(Integer.toString(elsewhere));
      assertThat(Files.readString(data.resolve("ports").resolve("broker")))
          .isEqualTo(Integer.toString(first));
    }
  }

  @Test
  void theConventionalPortWinsWhenItIsFree() throws Exception {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    assertThat(Ports.remembered(data, "api", free)).isEqualTo(free);
  }

  @Test
  void aRememberedPortThatIsTakenNowIsReplaced() throws Exception {
    int remembered;
    try (ServerSocket conventional = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      remembered = Ports.remembered(data, "broker", conventional.getLocalPort());
    }
    try (ServerSocket squatter = new ServerSocket(remembered, 1, InetAddress.getLoopbackAddress());
        ServerSocket conventional = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int next = Ports.remembered(data, "broker", conventional.getLocalPort());
      assertThat(next).isNotEqualTo(remembered).isNotEqualTo(conventional.getLocalPort());
    }
  }
}
