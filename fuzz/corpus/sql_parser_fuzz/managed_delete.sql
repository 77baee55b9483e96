DELETE FROM orders AS o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer) OR o.amount IS NULL
