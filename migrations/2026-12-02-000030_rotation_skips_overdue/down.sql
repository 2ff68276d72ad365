ALTER TABLE stores DROP COLUMN rotation_skips_overdue;
