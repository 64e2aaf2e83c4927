-- One row per incident or batch-signal version the ingestion decided, written in the transaction
-- that applied the decision: the unique key makes redelivered and replayed messages no-ops, and
-- the recorded request and decision are what backtests replay.
CREATE TABLE incident_inbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id      text NOT NULL,       -- incident id or batch signal id
  version         bigint NOT NULL,
  kind            text NOT NULL,       -- INCIDENT, BATCH_SIGNAL
  serial          text,
  batch           text,
  failure_mode    text,
  outcome         text NOT NULL,       -- APPLIED, STALE, REJECTED
  decision_kind   text,
  ticket_id       bigint REFERENCES ticket (id),
  ruleset_version text,
  payload         jsonb NOT NULL,      -- the incident or signal as received
  request         jsonb,               -- the decision request the rules saw
  decision        jsonb,
  detail          text,
  decided_at      timestamptz NOT NULL,
  CONSTRAINT incident_inbox_once UNIQUE (subject_id, version)
);
CREATE INDEX incident_inbox_decided_idx ON incident_inbox (decided_at);
CREATE INDEX incident_inbox_ticket_idx ON incident_inbox (ticket_id);
