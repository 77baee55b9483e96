-- A day in the life of a small shop's tables: the script tests/integration/dml_postgres.sh
-- runs unchanged on PostgreSQL (one psql session) and on sluice (one `sluice query -`
-- session), comparing the result of every statement in order.
--
-- Rules for this file (so that both dialects mean the same thing):
--   * one statement ends with ';' at the end of a line; full-line '--' comments only;
--   * every SELECT has a total ORDER BY, and sort keys that can be NULL say NULLS FIRST
--     or NULLS LAST (PostgreSQL sorts NULLs first in DESC order, Trino last);
--   * every computed column has an alias (column names are compared);
--   * decimals narrowed on assignment are CAST explicitly (Trino does not narrow
--     implicitly); avg() is CAST to decimal (PostgreSQL prints 16 fraction digits);
--   * no empty strings (sluice's CSV prints '' like NULL: an empty field), no varchar
--     value 't' or 'f' (PostgreSQL's booleans are normalised from t/f), upper()/lower()
--     only on ASCII text (PostgreSQL's C locale leaves other letters alone);
--   * no PostgreSQL-only syntax (no '::' casts, no RETURNING, no date - date).
--
-- Normalisations before comparing (pg_compare.py; formatting only, never values):
--   * PostgreSQL's command tags (INSERT 0 n, UPDATE n, DELETE n) and Trino's one-column
--     result `rows` both become rows=n; the output of DDL statements is not compared;
--   * CSV quoting is canonicalised (both outputs parsed as CSV and written back);
--   * PostgreSQL's booleans t / f become true / false (data rows only, not headers).
--
-- Directives (comment lines, only sluice sees them):
--   -- sluice-with: WITH (…)       on the line before a CREATE TABLE: appended to that
--                                  statement in the second ("partitioned") sluice run;
--   -- sluice-only: STATEMENT;      run by sluice only, its output is not compared.

-- Customers, partitioned by region in the second run (NULL region included).
-- sluice-with: WITH (format = 'PARQUET', partitioned_by = ARRAY['region'])
CREATE TABLE customers (
  id integer NOT NULL,
  name varchar,
  email varchar,
  signup date,
  vip boolean,
  credit decimal(10,2),
  region varchar
);

INSERT INTO customers VALUES
  (1, 'Ada Lovelace', 'ada@example.com', DATE '2021-03-14', true, 1500.00, 'emea'),
  (2, 'Brian Kernighan', 'bwk@example.com', DATE '2020-11-02', false, 250.50, 'amer'),
  (3, 'Grace Hopper', NULL, DATE '2019-07-30', true, 9800.25, 'amer'),
  (4, 'Linus Torvalds', 'linus@example.org', DATE '2022-01-05', false, 0.00, 'emea'),
  (5, 'Yukihiro Matsumoto', 'matz@example.jp', DATE '2021-09-09', false, 720.10, 'apac'),
  (6, 'Anonymous', NULL, NULL, NULL, NULL, NULL),
  (7, 'Barbara Liskov', 'liskov@example.edu', DATE '2023-02-28', true, 4200.00, 'amer'),
  (8, 'Tim Berners-Lee', 'TimBL@Example.org', DATE '2020-05-17', false, 130.99, 'emea');

INSERT INTO customers VALUES
  (9, 'Ken Thompson', 'ken@example.com', DATE '2018-12-01', false, 610.00, 'amer'),
  (10, 'Margaret Hamilton', 'mh@example.com', DATE '2022-06-30', true, 3100.75, 'amer'),
  (11, 'Edsger Dijkstra', NULL, DATE '2017-08-06', false, 42.00, 'emea'),
  (12, 'Zoë Chen', 'zoe@example.cn', DATE '2024-01-15', false, 88.80, 'apac'),
  (13, 'Nobody Yet', 'nobody@example.com', DATE '2024-02-01', false, 10.00, 'apac');

SELECT * FROM customers ORDER BY id;

SELECT region, count(*) AS customers, count(email) AS with_email, sum(credit) AS credit,
       CAST(avg(credit) AS decimal(12,2)) AS avg_credit
FROM customers GROUP BY region ORDER BY region NULLS LAST;

-- Orders with decimal amounts, partitioned by status in the second run.
-- sluice-with: WITH (partitioned_by = ARRAY['status'])
CREATE TABLE orders (
  order_id integer NOT NULL,
  customer_id integer,
  amount decimal(10,2),
  qty integer,
  note varchar,
  order_date date,
  status varchar
);

INSERT INTO orders VALUES
  (1, 1, 120.00, 2, 'gift, wrapped', DATE '2024-01-03', 'shipped'),
  (2, 1, 35.50, 1, NULL, DATE '2024-01-10', 'paid'),
  (3, 2, 999.99, 1, 'said "asap"', DATE '2024-01-11', 'paid'),
  (4, 3, 15.25, 3, NULL, DATE '2024-01-04', 'cancelled'),
  (5, 3, 250.00, 2, 'O''Brien office', DATE '2024-02-01', 'new'),
  (6, 4, 78.40, 5, NULL, DATE '2024-02-02', 'new'),
  (7, 5, 1200.00, 1, 'bulk', DATE '2024-02-03', 'paid'),
  (8, 5, 64.99, 6, NULL, DATE '2024-02-14', 'shipped'),
  (9, 7, 310.10, 2, 'gift card', DATE '2024-02-15', 'paid'),
  (10, 7, 45.00, NULL, NULL, DATE '2024-02-20', 'new'),
  (11, 8, 12.34, 1, NULL, DATE '2024-01-02', 'shipped'),
  (12, 9, 560.00, 4, 'rush', DATE '2024-02-21', 'paid'),
  (13, 10, 89.95, 2, NULL, DATE '2024-02-22', NULL),
  (14, 12, 23.45, 8, 'tiny', DATE '2024-02-25', 'new'),
  (15, 6, 50.00, 1, NULL, DATE '2024-02-26', 'shipped'),
  (16, 11, 0.99, 1, NULL, DATE '2024-02-27', 'paid');

-- Columns not listed are NULL.
INSERT INTO orders (order_id, customer_id, amount, order_date, status) VALUES
  (17, 99, 40.00, DATE '2024-02-28', 'new'),
  (18, NULL, 75.00, DATE '2024-02-28', 'paid'),
  (19, 2, NULL, DATE '2024-02-29', 'new'),
  (20, NULL, NULL, DATE '2024-03-01', 'cancelled');

SELECT * FROM orders ORDER BY order_id;

SELECT status, count(*) AS n, sum(amount) AS total, sum(qty) AS items,
       min(order_date) AS first_day, max(order_date) AS last_day
FROM orders GROUP BY status ORDER BY status NULLS LAST;

SELECT c.name, o.order_id, o.amount, o.amount * o.qty AS line_total
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.amount > 50
ORDER BY o.order_id;

SELECT c.id, c.name, count(o.order_id) AS orders, coalesce(sum(o.amount), 0.00) AS total,
       max(o.order_date) AS last_order
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name
ORDER BY c.id;

SELECT customer_id, order_id, amount,
       row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC NULLS LAST, order_id) AS rn,
       sum(amount) OVER (PARTITION BY customer_id ORDER BY order_id) AS running_total
FROM orders
WHERE customer_id IS NOT NULL
ORDER BY customer_id, rn;

-- A summary table filled from a join and aggregates.
CREATE TABLE customer_totals (
  customer_id integer NOT NULL,
  order_count bigint,
  total decimal(12,2),
  avg_amount decimal(12,2),
  first_order date,
  last_order date
);

INSERT INTO customer_totals
SELECT o.customer_id, count(*), CAST(sum(o.amount) AS decimal(12,2)), CAST(avg(o.amount) AS decimal(12,2)),
       min(o.order_date), max(o.order_date)
FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY o.customer_id;

SELECT * FROM customer_totals ORDER BY customer_id;

-- Prices of new orders go up 10 % (23.45 * 1.10 = 25.795 rounds to 25.80).
UPDATE orders SET amount = CAST(amount * 1.10 AS decimal(10,2)) WHERE status = 'new';

SELECT order_id, amount, status FROM orders WHERE status = 'new' ORDER BY order_id;

-- Big paid orders go to review, paid orders without an amount are invalid.
UPDATE orders
SET status = CASE WHEN amount >= 500 THEN 'review' WHEN amount IS NULL THEN 'invalid' ELSE status END
WHERE status = 'paid';

SELECT status, count(*) AS n, sum(amount) AS total FROM orders GROUP BY status ORDER BY status NULLS LAST;

UPDATE orders SET note = 'vip customer' WHERE customer_id IN (SELECT id FROM customers WHERE vip = true);

UPDATE orders SET customer_id = NULL WHERE customer_id NOT IN (SELECT id FROM customers);

UPDATE orders SET qty = qty + 1, amount = CAST(amount * 2 AS decimal(10,2))
WHERE order_date < DATE '2024-02-01' AND qty IS NOT NULL;

SELECT * FROM orders ORDER BY order_id;

UPDATE customers SET email = lower(email), name = upper(name) WHERE region = 'emea';

UPDATE customers SET credit = NULL WHERE email IS NULL;

-- Moves rows to another region (another partition in the second run).
UPDATE customers SET region = 'latam' WHERE id IN (9, 12);

UPDATE customers SET vip = true
WHERE id = (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL ORDER BY amount DESC NULLS LAST, order_id LIMIT 1);

UPDATE customers SET vip = false
WHERE vip = true AND NOT EXISTS (SELECT 1 FROM orders WHERE orders.customer_id = customers.id AND orders.status <> 'cancelled');

-- Matches nothing.
UPDATE orders SET qty = 0 WHERE order_id < 0;

-- A correlated subquery in SET (as in Trino's documentation).
UPDATE orders SET note = (SELECT c.name FROM customers c WHERE c.id = orders.customer_id)
WHERE note IS NULL AND customer_id IS NOT NULL;

-- The partition column becomes NULL in the second run.
UPDATE customers SET region = NULL, vip = NOT vip WHERE id = 13;

SELECT * FROM customers ORDER BY id;

SELECT region, count(*) AS customers, sum(credit) AS credit,
       sum(CASE WHEN vip THEN 1 ELSE 0 END) AS vips
FROM customers GROUP BY region ORDER BY region NULLS LAST;

SELECT id, vip, vip IS NULL AS unknown, NOT vip AS regular FROM customers ORDER BY id;

-- Deletes, with NULLs on both sides of the predicates.
DELETE FROM orders WHERE amount IS NULL;

-- qty NULL: the predicate is unknown, the row stays.
DELETE FROM orders WHERE qty > 5;

SELECT * FROM orders ORDER BY order_id;

DELETE FROM orders WHERE customer_id IS NULL AND note IS NULL;

DELETE FROM orders WHERE status = 'cancelled' OR order_date < DATE '2024-01-05';

DELETE FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE region IS NULL);

DELETE FROM customers
WHERE vip = false AND id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL);

-- Matches nothing.
DELETE FROM orders WHERE note = 'no such note';

-- A correlated EXISTS and a scalar subquery over the table being changed.
DELETE FROM orders
WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = orders.customer_id AND c.credit IS NULL)
  AND amount < (SELECT max(amount) FROM orders WHERE status = 'paid');

SELECT * FROM customers ORDER BY id;

SELECT * FROM orders ORDER BY order_id;

-- A temporary staging table: new orders and corrections.
CREATE TEMPORARY TABLE incoming (
  order_id integer NOT NULL,
  customer_id integer,
  amount decimal(10,2),
  qty integer,
  note varchar,
  order_date date,
  status varchar
);

INSERT INTO incoming VALUES
  (3, 2, 899.99, 1, 'price match', DATE '2024-01-11', 'review'),
  (21, 1, 19.90, 1, NULL, DATE '2024-03-02', 'new'),
  (22, 5, 240.00, 3, 'repeat', DATE '2024-03-02', 'paid'),
  (23, 10, 5.00, 1, NULL, DATE '2024-03-03', NULL),
  (9, 7, 300.10, 2, 'price match', DATE '2024-02-15', 'paid');

SELECT * FROM incoming ORDER BY order_id;

INSERT INTO orders SELECT * FROM incoming WHERE order_id NOT IN (SELECT order_id FROM orders);

UPDATE orders SET amount = CAST(amount - 100.00 AS decimal(10,2)), note = 'corrected'
WHERE order_id IN (SELECT order_id FROM incoming WHERE note = 'price match');

DROP TABLE incoming;

SELECT * FROM orders ORDER BY order_id;

-- Reads and writes the same table.
INSERT INTO orders
SELECT order_id + 100, customer_id, amount, qty, 'reorder', DATE '2024-03-05', 'new'
FROM orders WHERE status = 'paid' OR status IS NULL;

SELECT count(*) AS n, count(DISTINCT order_id) AS ids, sum(amount) AS total, min(order_id) AS lo, max(order_id) AS hi
FROM orders;

-- sluice-only: OPTIMIZE orders;

SELECT * FROM orders ORDER BY order_id;

-- Recompute the summary: delete everything, insert again.
DELETE FROM customer_totals;

SELECT count(*) AS n FROM customer_totals;

INSERT INTO customer_totals
SELECT o.customer_id, count(*), CAST(sum(o.amount) AS decimal(12,2)), CAST(avg(o.amount) AS decimal(12,2)),
       min(o.order_date), max(o.order_date)
FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY o.customer_id;

SELECT * FROM customer_totals ORDER BY customer_id;

ALTER TABLE customer_totals ADD COLUMN tier varchar;

SELECT * FROM customer_totals ORDER BY customer_id;

UPDATE customer_totals
SET tier = CASE WHEN total >= 1000 THEN 'gold' WHEN total >= 200 THEN 'silver' ELSE 'bronze' END;

UPDATE customer_totals SET tier = 'platinum' WHERE order_count >= 2 AND tier = 'gold';

SELECT * FROM customer_totals ORDER BY customer_id;

SELECT tier, count(*) AS n, sum(total) AS total FROM customer_totals GROUP BY tier ORDER BY tier;

ALTER TABLE customer_totals DROP COLUMN avg_amount;

SELECT * FROM customer_totals ORDER BY customer_id;

ALTER TABLE customer_totals RENAME TO customer_summary;

INSERT INTO customer_summary (customer_id, order_count, total, tier) VALUES (999, 0, 0.00, 'none');

SELECT * FROM customer_summary ORDER BY customer_id;

-- The old name is free again: a new table under it starts empty.
CREATE TABLE customer_totals (customer_id integer NOT NULL, total decimal(12,2));

SELECT count(*) AS n FROM customer_totals;

DROP TABLE customer_totals;

DROP TABLE customer_summary;

-- Re-created with another shape, partitioned by region in the second run.
-- sluice-with: WITH (partitioned_by = ARRAY['region'])
CREATE TABLE customer_summary (
  customer_id integer NOT NULL,
  name varchar,
  orders bigint,
  total decimal(12,2),
  rank_in_region bigint,
  region varchar
);

SELECT count(*) AS n FROM customer_summary;

INSERT INTO customer_summary
WITH active AS (SELECT id, name, region FROM customers WHERE id <> 13)
SELECT c.id, c.name, count(o.order_id), CAST(coalesce(sum(o.amount), 0.00) AS decimal(12,2)),
       row_number() OVER (PARTITION BY c.region ORDER BY coalesce(sum(o.amount), 0.00) DESC, c.id),
       c.region
FROM active c LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name, c.region;

SELECT * FROM customer_summary ORDER BY customer_id;

SELECT region, name, total FROM customer_summary WHERE rank_in_region = 1 ORDER BY region NULLS LAST;

-- A new column on the (partitioned) orders table; explicit column lists from here on,
-- as a partitioned table keeps its partition column last.
ALTER TABLE orders ADD COLUMN discount decimal(10,2);

SELECT order_id, amount, discount, status FROM orders ORDER BY order_id;

UPDATE orders SET discount = CAST(amount * 0.05 AS decimal(10,2)) WHERE amount >= 100;

UPDATE orders SET discount = 0.00 WHERE discount IS NULL AND amount IS NOT NULL;

SELECT order_id, customer_id, amount, discount, amount - discount AS net, status FROM orders ORDER BY order_id;

INSERT INTO orders (order_id, customer_id, amount, qty, note, order_date, status, discount)
VALUES (30, 7, 99.00, 1, 'with discount', DATE '2024-03-10', 'new', 9.90);

SELECT status, count(*) AS n, sum(amount) AS gross, sum(discount) AS discounts,
       sum(amount - discount) AS net
FROM orders GROUP BY status ORDER BY status NULLS LAST;

-- Archive the orders under review, then start the archive over.
CREATE TABLE orders_archive (order_id integer NOT NULL, customer_id integer, amount decimal(10,2), archived_on date);

INSERT INTO orders_archive
SELECT order_id, customer_id, amount, DATE '2024-04-01' FROM orders WHERE status = 'review';

DELETE FROM orders WHERE order_id IN (SELECT order_id FROM orders_archive);

SELECT * FROM orders_archive ORDER BY order_id;

SELECT order_id, customer_id, amount, discount, status FROM orders ORDER BY order_id;

DROP TABLE orders_archive;

CREATE TABLE orders_archive (order_id integer NOT NULL, customer_id integer, amount decimal(10,2), archived_on date);

SELECT count(*) AS n FROM orders_archive;

-- Everything goes, then a fresh start.
DELETE FROM orders;

SELECT count(*) AS n, sum(amount) AS total FROM orders;

INSERT INTO orders (order_id, customer_id, amount, qty, note, order_date, status, discount) VALUES
  (100, 1, 10.00, 1, NULL, DATE '2024-04-02', 'new', 0.00),
  (101, 3, 20.50, 2, 'again', DATE '2024-04-02', 'paid', 1.00),
  (102, NULL, 30.25, NULL, NULL, NULL, NULL, NULL);

SELECT order_id, customer_id, amount, qty, note, order_date, status, discount FROM orders ORDER BY order_id;

SELECT c.name, o.order_id, o.amount, rank() OVER (ORDER BY o.amount DESC) AS rk
FROM customers c JOIN orders o ON o.customer_id = c.id
ORDER BY o.order_id;

SELECT 'customers' AS tbl, count(*) AS n FROM customers
UNION ALL SELECT 'orders', count(*) FROM orders
UNION ALL SELECT 'customer_summary', count(*) FROM customer_summary
ORDER BY tbl;
