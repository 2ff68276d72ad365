-- Campaigns (展示/活动): the events and promotions a store runs. A visit whose source is
-- `event` may name the campaign that brought the visitor; the prospect that visit opens
-- keeps it, so the campaign's orders are its prospects' orders, whenever placed.
CREATE TABLE campaigns (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    name        TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    -- whole yuan
    cost        BIGINT NOT NULL DEFAULT 0 CHECK (cost BETWEEN 0 AND 100000000),
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (store_id, id),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_store_dates_idx ON campaigns (store_id, starts_on, ends_on);

ALTER TABLE visits ADD COLUMN campaign_id BIGINT;
ALTER TABLE visits ADD CONSTRAINT visits_campaign_fk
    FOREIGN KEY (store_id, campaign_id) REFERENCES campaigns (store_id, id);
ALTER TABLE visits ADD CONSTRAINT visits_campaign_is_event
    CHECK (campaign_id IS NULL OR source = 'event');
CREATE INDEX visits_campaign_idx ON visits (campaign_id) WHERE campaign_id IS NOT NULL;

ALTER TABLE prospects ADD COLUMN campaign_id BIGINT;
ALTER TABLE prospects ADD CONSTRAINT prospects_campaign_fk
    FOREIGN KEY (store_id, campaign_id) REFERENCES campaigns (store_id, id);
CREATE INDEX prospects_campaign_idx ON prospects (campaign_id) WHERE campaign_id IS NOT NULL;
