CREATE TEMPORARY TABLE scratch (k integer NOT NULL, v varchar) WITH (format = 'JSON')
