package dev.pdm.ticket.ingest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the ingestion tests: fails the transaction of an armed subject right before
 * its commit, a given number of times, and counts every attempt. Inert unless armed.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FailingCommitHook implements CommitHook {

  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  public void failBeforeCommit(String subjectId, int times) {
    failuresLeft.put(subjectId, new AtomicInteger(times));
  }

  public int attempts(String subjectId) {
    AtomicInteger n = attempts.get(subjectId);
    return n == null ? 0 : n.get();
  }

  @Override
  public void beforeCommit(String subjectId, long version) {
    attempts.computeIfAbsent(subjectId, k -> new AtomicInteger()).incrementAndGet();
    AtomicInteger left = failuresLeft.get(subjectId);
    if (left != null && left.getAndDecrement() > 0) {
      throw new IllegalStateException("injected failure before commit of " + subjectId);
    }
  }
}
