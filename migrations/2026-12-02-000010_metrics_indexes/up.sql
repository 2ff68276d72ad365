-- The showroom figures (server/src/queries/metrics/counts.rs) read one store's visits,
-- orders and prospects of a date range, and its overdue follow-ups. On 100 stores × 5
-- years of history (README, Scale) those reads fetched a heap page for almost every row:
-- a store's rows are spread over the whole table, interleaved with every other store's in
-- time order, and the overdue count read every open prospect of the store to tell the
-- dormant ones. The same indexes now carry the columns those reads need (INCLUDE), so they
-- are index-only scans over a few contiguous pages. Same names, same keys: every query
-- that used the old index can use the new one.
DROP INDEX visits_store_arrived_idx;
CREATE INDEX visits_store_arrived_idx ON visits (store_id, arrived_at)
    INCLUDE (kind, first_visit, party_size, source, captured, test_drive, left_at, consultant_id, vehicle_model_id);

DROP INDEX prospects_store_created_idx;
CREATE INDEX prospects_store_created_idx ON prospects (store_id, created_at)
    INCLUDE (grade, owner_id, source, vehicle_model_id);

DROP INDEX orders_store_ordered_idx;
CREATE INDEX orders_store_ordered_idx ON orders (store_id, ordered_at)
    INCLUDE (sale_type, consultant_id, vehicle_model_id, prospect_id);

-- the overdue count's dormancy test (sql::effective_status) and its join to the customer
DROP INDEX prospects_owner_due_idx;
CREATE INDEX prospects_owner_due_idx ON prospects (store_id, owner_id, status, next_follow_up_on)
    INCLUDE (last_contact_at, created_at, customer_id, vehicle_model_id);
