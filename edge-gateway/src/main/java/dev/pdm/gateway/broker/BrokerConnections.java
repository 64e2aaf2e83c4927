package dev.pdm.gateway.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 connection settings shared by the site and central clients: persistent session (clean
 * start false, session expiry), automatic reconnect, optional credentials and TLS truststore; and
 * the first connect retried until it succeeds, because Paho reconnects on its own only after one
 * successful connect.
 */
public final class BrokerConnections {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

  private BrokerConnections() {}

  public static MqttConnectionOptions options(
      String username,
      String password,
      Path truststore,
      String truststorePassword,
      Duration sessionExpiry) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(sessionExpiry.toSeconds());
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 5);
    // Paho doubles its reconnect delay up to the max reconnect delay (default 128 s), not
    // the automatic-reconnect maximum, and that delay is shared by every client in the
    // JVM: without this cap a broker restart keeps clients away for minutes.
    o.setMaxReconnectDelay(5000);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(20);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    if (truststore != null) {
      o.setSocketFactory(trusting(truststore, truststorePassword).getSocketFactory());
    }
    return o;
  }

  private static SSLContext trusting(Path truststore, String password) {
    try (InputStream in = Files.newInputStream(truststore)) {
      // PKCS12 is the JDK default and also reads JKS files.
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(in, password == null ? null : password.toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable truststore " + truststore + ": " + e, e);
    }
  }

  /**
   * Connects in the background, retrying every second until the first success; returns the
   * scheduler to shut down on close.
   */
  public static ScheduledExecutorService connectUntilConnected(
      MqttAsyncClient client, MqttConnectionOptions options, String name) {
    ScheduledExecutorService retry =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gateway-connect-" + name);
              t.setDaemon(true);
              return t;
            });
    Runnable[] attempt = new Runnable[1];
    attempt[0] =
        () -> {
          try {
            client.connect(
                options,
                null,
                new MqttActionListener() {
                  @Override
                  public void onSuccess(IMqttToken token) {
                    LOG.info(
                        "event=broker_connected broker={} url={}", name, client.getServerURI());
                  }

                  @Override
                  public void onFailure(IMqttToken token, Throwable e) {
                    LOG.warn(
                        "event=broker_connect_failed broker={} reason=\"{}\"",
                        name,
                        String.valueOf(e));
                    reschedule(retry, attempt[0]);
                  }
                });
          } catch (Exception e) {
            LOG.warn("event=broker_connect_failed broker={} reason=\"{}\"", name, e.toString());
            reschedule(retry, attempt[0]);
          }
        };
    retry.execute(attempt[0]);
    return retry;
  }

  private static void reschedule(ScheduledExecutorService retry, Runnable attempt) {
    if (!retry.isShutdown()) {
      retry.schedule(attempt, 1, TimeUnit.SECONDS);
    }
  }
}
