UPDATE orders SET region = CASE WHEN region = 'apac' THEN 'us' ELSE region END
