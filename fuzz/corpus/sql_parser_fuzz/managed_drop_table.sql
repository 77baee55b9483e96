DROP TABLE IF EXISTS curated.orders
