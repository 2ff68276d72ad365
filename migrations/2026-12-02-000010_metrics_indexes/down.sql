DROP INDEX prospects_owner_due_idx;
CREATE INDEX prospects_owner_due_idx ON prospects (store_id, owner_id, status, next_follow_up_on);

DROP INDEX orders_store_ordered_idx;
CREATE INDEX orders_store_ordered_idx ON orders (store_id, ordered_at);

DROP INDEX prospects_store_created_idx;
CREATE INDEX prospects_store_created_idx ON prospects (store_id, created_at);

DROP INDEX visits_store_arrived_idx;
CREATE INDEX visits_store_arrived_idx ON visits (store_id, arrived_at);
