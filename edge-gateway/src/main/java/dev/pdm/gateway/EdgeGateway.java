package dev.pdm.gateway;

import dev.pdm.gateway.adapter.Normaliser;
import dev.pdm.gateway.adapter.SiteResolver;
import dev.pdm.gateway.broker.BrokerConnections;
import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.ingest.IngestPipeline;
import dev.pdm.gateway.ingest.SiteSubscriber;
import dev.pdm.gateway.metrics.GatewayMetrics;
import dev.pdm.gateway.metrics.HealthServer;
import dev.pdm.gateway.metrics.MetricsSnapshot;
import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.ratelimit.TokenBuckets;
import dev.pdm.gateway.state.DeviceStateStore;
import dev.pdm.gateway.uplink.Uplink;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.topic.Topics;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site's edge gateway: site broker subscription, adapters, disk store-and-forward queue, uplink
 * to the central broker, health and metrics endpoint. Start it with {@link #start}, stop it with
 * {@link #close}; everything not yet acknowledged upstream survives in the store directory.
 */
public final class EdgeGateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeGateway.class);

  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final DeviceStateStore states;
  private final DiskQueue queue;
  private final IngestPipeline pipeline;
  private final Uplink uplink;
  private final SiteSubscriber site;
  private final HealthServer http;

  private EdgeGateway(GatewayConfig config) {
    this.config = config;
    this.metrics = new GatewayMetrics();
    this.states = DeviceStateStore.open(config.storeDir().resolve("state"));
    this.queue =
        DiskQueue.open(
            config.storeDir().resolve("queue"), config.storeMaxBytes(), config.segmentBytes());
    SiteResolver sites =
        config.allSites()
            ? SiteResolver.fromRegistry(config.registry())
            : SiteResolver.fixed(config.site());
    this.pipeline =
        new IngestPipeline(
            new Normaliser(sites, AlarmCatalogue.standard()),
            states,
            queue,
            metrics,
            new TokenBuckets(config.alarmRatePerSecond(), config.alarmBurst(), System::nanoTime),
            new TokenBuckets(
                config.telemetryRatePerSecond(), config.telemetryBurst(), System::nanoTime),
            config.deadLetterSource(),
            config.telemetryQos(),
            config.fsync(),
            System::currentTimeMillis,
            config.narrowed() ? topic -> config.takes(siteOf(topic, sites)) : topic -> true);
    this.uplink =
        new Uplink(
            config.centralBrokerUrl(),
            config.clientId() + "-up",
            BrokerConnections.options(
                config.centralUsername(),
                config.centralPassword(),
                config.centralTruststore(),
                config.centralTruststorePassword(),
                config.sessionExpiry()),
            queue,
            metrics,
            config.inflightWindow());
    this.site =
        new SiteSubscriber(
            config.siteBrokerUrl(),
            config.clientId() + "-in",
            BrokerConnections.options(
                config.siteUsername(), config.sitePassword(), null, null, config.sessionExpiry()),
            pipeline);
    // A site connection whose writer has failed takes nothing in: report it as down.
    metrics.bind(queue, () -> site.isConnected() && pipeline.isRunning(), uplink::isConnected);
    this.http =
        config.httpPort() == 0
            ? null
            : HealthServer.start(Math.max(0, config.httpPort()), this::metrics);
    LOG.info(
        "event=gateway_started site={} only_sites={} except_sites={} site_broker={} central_broker={} store={} queue_depth={} devices_known={} http_port={}",
        config.site(),
        config.onlySites(),
        config.exceptSites(),
        config.siteBrokerUrl(),
        config.centralBrokerUrl(),
        config.storeDir(),
        queue.depth(),
        states.size(),
        http == null ? 0 : http.port());
  }

  /** The registry site of a device topic's serial; empty for an unknown serial or a bad topic. */
  private static Optional<String> siteOf(String topic, SiteResolver sites) {
    try {
      return sites.siteOf(Topics.parseDevice(topic).serial());
    } catch (InvalidEventException badTopic) {
      return Optional.empty();
    }
  }

  /** Opens the store (recovering it after a crash) and starts connecting to both brokers. */
  public static EdgeGateway start(GatewayConfig config) {
    return new EdgeGateway(config);
  }

  public MetricsSnapshot metrics() {
    return metrics.snapshot(System.currentTimeMillis());
  }

  /** The port of the health and metrics endpoint, empty when it is off. */
  public OptionalInt httpPort() {
    return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
  }

  public GatewayConfig config() {
    return config;
  }

  /**
   * Stops taking device messages, then stops the uplink and closes the store. Messages taken but
   * not yet on disk were never acknowledged: the site broker delivers them again next time.
   */
  @Override
  public void close() {
    site.close();
    pipeline.close();
    uplink.close();
    if (http != null) {
      http.close();
    }
    queue.close();
    states.close();
    LOG.info("event=gateway_stopped queue_depth={}", queue.depth());
  }
}
