package dev.pdm.gateway;

import dev.pdm.gateway.config.GatewayConfig;
import java.util.concurrent.CountDownLatch;

/** Runs one gateway from environment variables / system properties until the JVM is stopped. */
public final class GatewayMain {

  private GatewayMain() {}

  public static void main(String[] args) throws InterruptedException {
    EdgeGateway gateway = EdgeGateway.start(GatewayConfig.fromEnvironment());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "gateway-shutdown"));
    stopped.await();
  }
}
