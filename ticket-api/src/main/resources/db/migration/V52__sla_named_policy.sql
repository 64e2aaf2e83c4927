-- SLA policies as the rules name them (a decision's slaPolicy, e.g. "safety-gold-p1"): targets per
-- name, on a calendar. A ticket opened (or escalated) by a decision naming a policy runs its clocks
-- on that policy; a name this table does not hold falls back to the tier/priority default of
-- sla_policy, and the fallback is recorded with the decision.
CREATE TABLE sla_named_policy (
  name               text PRIMARY KEY,
  response_minutes   integer NOT NULL CHECK (response_minutes > 0),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),
  calendar_id        text NOT NULL REFERENCES business_calendar (id),
  description        text NOT NULL
);

-- The names the default ruleset uses.
-- device-<tier>-<p>: a device fault runs on the contract's targets for its tier and priority.
INSERT INTO sla_named_policy (name, response_minutes, resolution_minutes, calendar_id, description)
SELECT 'device-' || lower(customer_tier) || '-' || lower(priority), response_minutes,
       resolution_minutes, calendar_id, 'device fault: the contract targets of the tier'
FROM sla_policy;

-- predictive-<tier>-<p>: nothing has failed yet, so the work is planned: four times the response
-- and three times the resolution target, on office hours.
INSERT INTO sla_named_policy (name, response_minutes, resolution_minutes, calendar_id, description)
SELECT 'predictive-' || lower(customer_tier) || '-' || lower(priority), response_minutes * 4,
       resolution_minutes * 3, 'office', 'predicted failure: planned maintenance before it fails'
FROM sla_policy;

-- rma-<tier>-<p>: a replacement under warranty waits for the part: the contract's response, twice
-- its resolution target.
INSERT INTO sla_named_policy (name, response_minutes, resolution_minutes, calendar_id, description)
SELECT 'rma-' || lower(customer_tier) || '-' || lower(priority), response_minutes,
       resolution_minutes * 2, calendar_id, 'warranty replacement: includes shipping the part'
FROM sla_policy;

-- safety-<tier>-p1: a shock, fire or thermal-runaway hazard is answered within 15 minutes and made
-- safe within 4 hours, round the clock, whatever the customer's tier.
INSERT INTO sla_named_policy (name, response_minutes, resolution_minutes, calendar_id, description)
SELECT 'safety-' || lower(customer_tier) || '-p1', 15, 240, 'round-the-clock',
       'safety hazard: answered and made safe round the clock for every tier'
FROM sla_policy WHERE priority = 'P1';

-- batch-problem: an investigation with the quality team: one business day to respond, ten to
-- conclude.
INSERT INTO sla_named_policy (name, response_minutes, resolution_minutes, calendar_id, description)
VALUES ('batch-problem', 600, 6000, 'office',
        'batch problem: quality investigation of a manufacturing batch');
