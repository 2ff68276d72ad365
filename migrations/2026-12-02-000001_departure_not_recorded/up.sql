-- A visitor nobody marked as gone is closed with the departure at the arrival: a zero
-- length stay means "left, time not recorded" (it never counts as a 30-minute stay).
-- A departure a user types must still come after the arrival (shared::validate).
ALTER TABLE visits DROP CONSTRAINT visits_check;
ALTER TABLE visits ADD CONSTRAINT visits_left_after_arrival CHECK (left_at IS NULL OR left_at >= arrived_at);
