ALTER TABLE prospects DROP COLUMN campaign_id;
ALTER TABLE visits DROP COLUMN campaign_id;
DROP TABLE campaigns;
