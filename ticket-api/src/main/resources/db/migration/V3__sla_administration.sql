-- Calendars and policies are edited through the API: each row carries a version for ETag/If-Match.

-- A calendar may pin its own zone (a central service desk); without one, its hours are local to
-- the device's site.
ALTER TABLE business_calendar
  ADD COLUMN zone text,
  ADD COLUMN name text,
  ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Warning and escalation levels per policy; null means the service-wide default (pdm.sla.*).
ALTER TABLE sla_policy
  ADD COLUMN warning_fraction double precision
    CHECK (warning_fraction > 0 AND warning_fraction < 1),
  ADD COLUMN escalation_step double precision CHECK (escalation_step > 0),
  ADD COLUMN escalation_levels integer CHECK (escalation_levels BETWEEN 1 AND 20),
  ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- A clock keeps the levels of the policy it started under, so editing a policy changes new
-- tickets only and a running clock fires what it announced. Null: the service-wide default.
ALTER TABLE sla_clock
  ADD COLUMN warning_fraction double precision,
  ADD COLUMN escalation_step double precision,
  ADD COLUMN escalation_levels integer;

-- The audit trail of calendars and policies is read by entity.
CREATE INDEX audit_entity_idx ON audit_event (entity, entity_id, id);
