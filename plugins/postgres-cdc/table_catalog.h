// Reads what the connector needs to know about tables from PostgreSQL's catalog: the tables
// that exist, and a table's columns (as pgoutput sends them: not dropped, not generated, in
// attnum order), NOT NULL flags, primary key and replica identity.
//
// Threading: called on the task thread with a connection it owns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "captured_table.h"
#include "pg_connection.h"
#include "table_filter.h"

namespace connectd {
namespace pgcdc {

struct TableDescription {
  TableId id;
  uint32_t relation_oid = 0;
  char replica_identity = 'd';
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> primary_key;  // in key order
};

// Every ordinary or partitioned table `filter` admits, sorted by schema and name.
std::vector<TableDescription> ListCapturedTables(PgConnection& conn, const TableFilter& filter);
// Adds every type of the database (kPgTypeCatalogQuery) to `types`.
void LoadTypeRegistry(PgConnection& conn, PgTypeRegistry* types);
// One table by oid; false when it no longer exists.
bool DescribeTable(PgConnection& conn, uint32_t relation_oid, TableDescription* out);

}  // namespace pgcdc
}  // namespace connectd
