INSERT INTO orders (name, id) VALUES ('Edsger', 4), (NULL, CAST(5 AS bigint))
