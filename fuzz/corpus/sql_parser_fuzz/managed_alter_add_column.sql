ALTER TABLE IF EXISTS customers ADD COLUMN IF NOT EXISTS tier varchar COMMENT 'loyalty tier'
