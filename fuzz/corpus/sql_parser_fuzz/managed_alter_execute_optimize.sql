ALTER TABLE orders EXECUTE optimize(file_size_threshold => '10MB') WHERE region = 'eu'
