package dev.pdm.launcher.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition, embedded) with file persistence, shared
 * subscriptions and persistent sessions, which the gateway and the stream job rely on. Queue limits
 * are sized for an outage of hours, like the project's Mosquitto configuration.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Queued QoS 1 messages kept per offline persistent session before the broker drops. */
  static final long MAX_QUEUED_PER_CLIENT = 5_000_000;

  /**
   * Unacknowledged QoS 1 messages the broker sends to one client in one go, bounded further by the
   * client's own receive maximum. HiveMQ caps every client at 50 regardless of what it asks for (no
   * configuration entry exists for it), and it polls a shared-subscription queue again only once
   * everything in flight is acknowledged. The stream job's source acknowledges at checkpoints, so
   * with that cap a reader received 50 messages per checkpoint and the local system fell minutes
   * behind its fleet. Not 65,535: the broker reserves this many packet ids at every poll.
   */
  static final int MAX_INFLIGHT_PER_CLIENT = 10_000;

  private final String name;
  private final int port;
  private final EmbeddedHiveMQ hivemq;

  private EmbeddedBroker(String name, int port, EmbeddedHiveMQ hivemq) {
    this.name = name;
    this.port = port;
    this.hivemq = hivemq;
  }

  /** Starts a broker on 127.0.0.1:port keeping its state under {@code dir}. */
  public static EmbeddedBroker start(String name, Path dir, int port) {
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = MAX_INFLIGHT_PER_CLIENT;
    try {
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Path data = Files.createDirectories(dir.resolve("data"));
      Path extensions = Files.createDirectories(dir.resolve("extensions"));
      Files.writeString(conf.resolve("config.xml"), config(port));
      // HiveMQ reconfigures logging from its conf folder; hand it the launcher's configuration so
      // that all components keep logging to the one file.
      try (var in = EmbeddedBroker.class.getResourceAsStream("/pdm-logback.xml")) {
        if (in != null) {
          Files.write(conf.resolve("logback.xml"), in.readAllBytes());
        }
      }
      EmbeddedHiveMQ hivemq =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .build();
      hivemq.start().get();
      return new EmbeddedBroker(name, port, hivemq);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting broker " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("broker " + name + " did not start on port " + port, e);
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    try {
      hivemq.stop().get();
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("broker " + name + " did not stop cleanly", e);
    }
  }

  static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <shared-subscriptions>
              <enabled>true</enabled>
            </shared-subscriptions>
            <topic-alias>
              <enabled>false</enabled>
            </topic-alias>
          </mqtt>
          <persistence>
            <mode>file</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, MAX_QUEUED_PER_CLIENT);
  }
}
