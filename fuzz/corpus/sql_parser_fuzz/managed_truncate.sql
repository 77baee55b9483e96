TRUNCATE TABLE curated.orders
