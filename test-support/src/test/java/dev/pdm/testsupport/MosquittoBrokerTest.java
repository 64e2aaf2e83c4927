package dev.pdm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class MosquittoBrokerTest {

  @Test
  void killedBrokerComesBackOnTheSamePort() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start()) {
      int port = broker.port();
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();
      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.port()).isEqualTo(port);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        assertThat(socket.isConnected()).isTrue();
      }
    }
  }
}
