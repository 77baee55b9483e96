CREATE TEMP TABLE big_orders WITH (partitioned_by = ARRAY['region']) AS SELECT id, amount, region FROM orders WHERE amount > 20
