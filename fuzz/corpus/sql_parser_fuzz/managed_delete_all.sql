DELETE FROM "default".orders
