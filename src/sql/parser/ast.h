#pragma once
// The SQL abstract syntax tree, one header per concept:
//   expression.h     scalar expressions (literals, names, operators, predicates, CAST…)
//   function_call.h  function calls, window specifications, ORDER BY items
//   table_ref.h      FROM: tables, table functions, subqueries, joins
//   query.h          WITH, set operations, SELECT blocks, VALUES, ORDER BY / LIMIT
//   statement.h      statements (query, EXPLAIN, CREATE VIEW/TABLE AS, INSERT, COPY, SET, DROP)
//   ddl_statement.h  catalog DDL (CREATE DATABASE, CREATE EXTERNAL TABLE, ALTER TABLE, MSCK…)
//   dml_statement.h  DELETE, TRUNCATE, UPDATE, OPTIMIZE
//   show_statement.h SHOW …, DESCRIBE, USE

#include "sql/parser/ddl_statement.h"
#include "sql/parser/dml_statement.h"
#include "sql/parser/expression.h"
#include "sql/parser/function_call.h"
#include "sql/parser/identifier.h"
#include "sql/parser/query.h"
#include "sql/parser/show_statement.h"
#include "sql/parser/statement.h"
#include "sql/parser/table_ref.h"
#include "sql/parser/type_name.h"
