-- A store setting (off by default): a consultant with overdue follow-ups drops out of the
-- walk-in rotation until they catch up (shared::rotation::next_up).
ALTER TABLE stores ADD COLUMN rotation_skips_overdue BOOLEAN NOT NULL DEFAULT FALSE;
