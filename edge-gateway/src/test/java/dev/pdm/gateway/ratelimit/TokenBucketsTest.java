package dev.pdm.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final TokenBuckets buckets = new TokenBuckets(2, 3, nanos::get);

  @Test
  void aDeviceMaySendItsBurstThenItsRate() {
    assertThat(buckets.tryAcquire("A")).isTrue();
    assertThat(buckets.tryAcquire("A")).isTrue();
    assertThat(buckets.tryAcquire("A")).isTrue();
    assertThat(buckets.tryAcquire("A")).isFalse();
    nanos.addAndGet(500_000_000L); // half a second at 2/s refills one token
    assertThat(buckets.tryAcquire("A")).isTrue();
    assertThat(buckets.tryAcquire("A")).isFalse();
  }

  @Test
  void oneFloodingDeviceDoesNotUseAnotherDevicesBudget() {
    for (int i = 0; i < 10; i++) {
      buckets.tryAcquire("NOISY");
    }
    assertThat(buckets.tryAcquire("NOISY")).isFalse();
    assertThat(buckets.tryAcquire("QUIET")).isTrue();
  }
}
