-- Rulesets are versioned data: every uploaded version that compiled and passed its examples.
CREATE TABLE ruleset_version (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  label       text NOT NULL,
  comment     text,
  drl         text NOT NULL,
  examples    jsonb NOT NULL,
  rule_names  text[] NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL
);

-- Every activation and rollback; the newest row is the version in force on every replica.
CREATE TABLE ruleset_activation (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id  bigint NOT NULL REFERENCES ruleset_version (id),
  previous_id bigint REFERENCES ruleset_version (id),
  action      text NOT NULL,           -- INSTALL, ACTIVATE, ROLLBACK
  actor       text NOT NULL,
  at          timestamptz NOT NULL
);
