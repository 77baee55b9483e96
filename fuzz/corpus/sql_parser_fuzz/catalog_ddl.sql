CREATE DATABASE IF NOT EXISTS raw COMMENT 'landing' LOCATION 'raw/' WITH DBPROPERTIES ('creator' = 'me');
USE raw;
CREATE EXTERNAL TABLE IF NOT EXISTS raw.events (id bigint COMMENT 'key', `Name` string, amount decimal(10,2), tags array<string>, pos struct<x:double,y:double>)
  COMMENT 'events' PARTITIONED BY (event_date string, hour int)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n' NULL DEFINED AS ''
  STORED AS TEXTFILE LOCATION 'drop/events/' TBLPROPERTIES ('skip.header.line.count'='1', "serialization.null.format"="");
CREATE EXTERNAL TABLE csv (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
  WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "`", "escapeChar" = "\\") STORED AS INPUTFORMAT 'in' OUTPUTFORMAT 'out';
CREATE TABLE curated.orders (id bigint NOT NULL COMMENT 'k', note varchar) COMMENT 'o' WITH (format = 'PARQUET');
ALTER TABLE raw.events ADD IF NOT EXISTS PARTITION (event_date = '2024-01-05', hour = 3) LOCATION 'x' PARTITION (event_date = '2024-01-06', hour = -1);
ALTER TABLE raw.events DROP IF EXISTS PARTITION (event_date = '2024-01-05'), PARTITION (hour = 2.5);
ALTER TABLE raw.events ADD COLUMNS (c string COMMENT 'new');
ALTER TABLE raw.events SET TBLPROPERTIES ('partition_discovery' = 'true');
ALTER TABLE raw.events PARTITION (hour = 1) SET LOCATION 'p';
MSCK REPAIR TABLE raw.events SYNC PARTITIONS;
SHOW DATABASES LIKE 'r*'; SHOW TABLES IN raw 'ev*|or*'; SHOW PARTITIONS raw.events; SHOW CREATE TABLE raw.events;
SHOW COLUMNS FROM events IN raw; SHOW TBLPROPERTIES raw.events('k'); DESCRIBE FORMATTED raw.events PARTITION (hour = 1);
INSERT INTO raw.events (id, name) SELECT 1, 'x';
DROP TABLE IF EXISTS raw.events; DROP DATABASE IF EXISTS raw CASCADE
