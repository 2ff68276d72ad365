UPDATE visits SET left_at = arrived_at + interval '1 second' WHERE left_at = arrived_at;
ALTER TABLE visits DROP CONSTRAINT visits_left_after_arrival;
ALTER TABLE visits ADD CONSTRAINT visits_check CHECK (left_at IS NULL OR left_at > arrived_at);
