-- Devices as imported from the registry; upserted by serial.
CREATE TABLE device (
  serial         text PRIMARY KEY,
  device_class   text NOT NULL,
  model          text NOT NULL,
  firmware       text NOT NULL,
  batch          text NOT NULL,
  site_id        text NOT NULL,
  site_name      text NOT NULL,
  province       text NOT NULL,
  region         text NOT NULL,
  timezone       text NOT NULL,
  customer_id    text NOT NULL,
  customer_name  text NOT NULL,
  customer_tier  text NOT NULL,
  install_date   date NOT NULL,
  warranty_end   date NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_site_idx ON device (site_id);
CREATE INDEX device_batch_idx ON device (batch);
CREATE INDEX device_firmware_idx ON device (firmware);
CREATE INDEX device_model_idx ON device (model);
CREATE INDEX device_customer_idx ON device (customer_id);

-- Business-hour calendars: local working hours; the zone comes from the device's site.
CREATE TABLE business_calendar (
  id          text PRIMARY KEY,
  work_days   text NOT NULL,          -- e.g. MON,TUE,WED,THU,FRI
  work_start  time NOT NULL,
  work_end    time NOT NULL,
  round_clock boolean NOT NULL DEFAULT false
);
CREATE TABLE calendar_holiday (
  calendar_id text NOT NULL REFERENCES business_calendar (id),
  day         date NOT NULL,
  name        text NOT NULL,
  PRIMARY KEY (calendar_id, day)
);

-- Response and resolution targets, per customer tier and priority.
CREATE TABLE sla_policy (
  customer_tier      text NOT NULL,
  priority           text NOT NULL,
  response_minutes   integer NOT NULL CHECK (response_minutes > 0),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),
  calendar_id        text NOT NULL REFERENCES business_calendar (id),
  PRIMARY KEY (customer_tier, priority)
);

CREATE TABLE engineer_group (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  region       text NOT NULL,
  device_class text NOT NULL,
  model        text                     -- null: every model of the class
);
CREATE TABLE engineer (
  id         text PRIMARY KEY,          -- the JWT subject (upn) of the engineer
  name       text NOT NULL,
  group_id   text NOT NULL REFERENCES engineer_group (id),
  skills     text[] NOT NULL DEFAULT '{}',
  max_open   integer NOT NULL CHECK (max_open >= 0),
  open_count integer NOT NULL DEFAULT 0,
  active     boolean NOT NULL DEFAULT true,
  -- the database itself refuses an engineer over the threshold, whatever the code does
  CONSTRAINT engineer_load_within_threshold CHECK (open_count >= 0 AND open_count <= max_open)
);

CREATE TABLE ticket (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version          bigint NOT NULL DEFAULT 1,
  type             text NOT NULL,
  status           text NOT NULL,
  priority         text NOT NULL,
  title            text NOT NULL,
  description      text,
  hold_reason      text,
  held_from        text,
  serial           text,
  device_class     text,
  model            text,
  firmware         text,
  batch            text,
  site_id          text,
  region           text,
  customer_id      text,
  customer_name    text,
  customer_tier    text NOT NULL,
  alarm_codes      text[] NOT NULL DEFAULT '{}',
  occurrences      integer NOT NULL DEFAULT 1,
  evidence         jsonb,
  root_cause       text,
  parts_used       text[],
  no_parts         boolean NOT NULL DEFAULT false,
  resolution_note  text,
  satisfaction     integer CHECK (satisfaction BETWEEN 1 AND 5),
  follow_up_note   text,
  assignee         text REFERENCES engineer (id),
  group_id         text REFERENCES engineer_group (id),
  opened_by_rule   text,                -- nullable until rules open tickets
  open_reason      text,
  decision         jsonb,
  source_ref       text,                -- e.g. the incident id that opened it
  escalation_level integer NOT NULL DEFAULT 0,
  reopen_count     integer NOT NULL DEFAULT 0,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  responded_at     timestamptz,
  resolved_at      timestamptz,
  closed_at        timestamptz,
  cancelled_at     timestamptz
);
CREATE INDEX ticket_status_idx ON ticket (status);
CREATE INDEX ticket_serial_idx ON ticket (serial);
CREATE INDEX ticket_customer_idx ON ticket (customer_id);
CREATE INDEX ticket_batch_idx ON ticket (batch);
CREATE INDEX ticket_assignee_idx ON ticket (assignee);
CREATE INDEX ticket_created_idx ON ticket (created_at);
CREATE UNIQUE INDEX ticket_source_ref_idx ON ticket (source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE ticket_comment (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES ticket (id),
  author     text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX ticket_comment_ticket_idx ON ticket_comment (ticket_id);

CREATE TABLE ticket_attachment (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES ticket (id),
  url        text NOT NULL,
  name       text NOT NULL,
  media_type text NOT NULL,
  added_by   text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX ticket_attachment_ticket_idx ON ticket_attachment (ticket_id);

CREATE TABLE ticket_subtask (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES ticket (id),
  title      text NOT NULL,
  done       boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  done_at    timestamptz
);
CREATE INDEX ticket_subtask_ticket_idx ON ticket_subtask (ticket_id);

CREATE TABLE spare_part_request (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id    bigint NOT NULL REFERENCES ticket (id),
  part_number  text NOT NULL,
  quantity     integer NOT NULL CHECK (quantity > 0),
  reason       text,
  status       text NOT NULL,           -- REQUESTED, APPROVED, REJECTED
  requested_by text NOT NULL,
  decided_by   text,
  decided_at   timestamptz,
  created_at   timestamptz NOT NULL
);
CREATE INDEX spare_part_ticket_idx ON spare_part_request (ticket_id);

CREATE TABLE ticket_link (
  from_id    bigint NOT NULL REFERENCES ticket (id),
  to_id      bigint NOT NULL REFERENCES ticket (id),
  kind       text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (from_id, to_id, kind),
  CHECK (from_id <> to_id)
);
CREATE INDEX ticket_link_to_idx ON ticket_link (to_id);

-- Every change: who, when, what it was before and after.
CREATE TABLE audit_event (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  ticket_id bigint,
  action    text NOT NULL,
  actor     text NOT NULL,
  at        timestamptz NOT NULL,
  before    jsonb,
  after     jsonb
);
CREATE INDEX audit_ticket_idx ON audit_event (ticket_id, id);

-- SLA clocks: due instants are stored, never held in memory, so they survive restarts.
CREATE TABLE sla_clock (
  ticket_id        bigint NOT NULL REFERENCES ticket (id),
  clock            text NOT NULL,       -- RESPONSE, RESOLUTION
  calendar_id      text NOT NULL REFERENCES business_calendar (id),
  zone             text NOT NULL,
  target_seconds   bigint NOT NULL,
  segment_start    timestamptz NOT NULL, -- start, or the last resume
  consumed_millis  bigint NOT NULL DEFAULT 0, -- business time used before segment_start
  paused_at        timestamptz,
  paused_seconds   bigint NOT NULL DEFAULT 0,  -- wall time spent paused, for reports
  due_at           timestamptz NOT NULL,
  next_level       integer NOT NULL DEFAULT 0, -- 0 warning, 1 L1 (breach), 2 L2, 3 L3, 4 done
  next_fire_at     timestamptz,
  stopped_at       timestamptz,
  breached         boolean NOT NULL DEFAULT false,
  PRIMARY KEY (ticket_id, clock)
);
CREATE INDEX sla_clock_due_idx ON sla_clock (next_fire_at) WHERE next_fire_at IS NOT NULL;

CREATE TABLE sla_event (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES ticket (id),
  clock     text NOT NULL,
  level     integer NOT NULL,
  kind      text NOT NULL,              -- WARNING, ESCALATION
  due_at    timestamptz NOT NULL,
  fired_at  timestamptz NOT NULL,
  fired_by  text NOT NULL,              -- the replica that fired it
  CONSTRAINT sla_event_once UNIQUE (ticket_id, clock, level)
);

-- Events for others (MQTT publishing later); written in the same transaction as the change.
CREATE TABLE outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic      text NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE idempotency_key (
  scope        text NOT NULL,           -- endpoint and caller
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer,
  location     text,
  etag         text,
  body         text,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
