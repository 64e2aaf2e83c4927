-- A device that raises an alarm before the registry import knows it is registered from the facts
-- its incident carries (serial, class, model, firmware, batch, site), marked as not imported, so its
-- ticket can open. The registry import owns device rows: the first import that writes a
-- provisional row replaces its facts (the import's upsert) and clears the mark (this trigger).
ALTER TABLE device ADD COLUMN imported boolean NOT NULL DEFAULT true;

CREATE FUNCTION device_mark_imported() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- provisional rows are only ever inserted (ON CONFLICT DO NOTHING), so an update is an import
  NEW.imported := true;
  RETURN NEW;
END
$$;

CREATE TRIGGER device_import_replaces_provisional
  BEFORE UPDATE ON device
  FOR EACH ROW WHEN (NOT OLD.imported)
  EXECUTE FUNCTION device_mark_imported();
