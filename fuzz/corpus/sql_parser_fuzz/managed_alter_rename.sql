ALTER TABLE IF EXISTS customers RENAME TO curated.clients
