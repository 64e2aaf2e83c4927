package dev.pdm.ticket.ingest;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Called inside the ingestion transaction after every write and before the commit. Production has
 * no hook; tests replace the bean to fail a transaction at exactly this point and show that the
 * message is redelivered and applied once.
 */
public interface CommitHook {

  /** Throwing here rolls the transaction back and leaves the message unacknowledged. */
  void beforeCommit(String subjectId, long version);

  /** The production bean: does nothing. */
  @ApplicationScoped
  @DefaultBean
  class None implements CommitHook {
    @Override
    public void beforeCommit(String subjectId, long version) {}
  }
}
