UPDATE customers c SET city = coalesce(city, 'unknown'), name = upper(c.name), credit = credit * 1.1 WHERE id IN (SELECT customer FROM orders WHERE amount > 5)
