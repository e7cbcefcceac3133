#include "table_catalog.h"

#include <algorithm>
#include <cstdlib>

namespace connectd {
namespace pgcdc {

namespace {

constexpr const char* kListTables =
    "SELECT c.oid, n.nspname, c.relname, c.relreplident FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
    "AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY n.nspname, c.relname";

constexpr const char* kDescribeTable =
    "SELECT n.nspname, c.relname, c.relreplident, a.attname, a.atttypid, a.atttypmod, a.attnotnull, "
    // indkey is an int2vector, indexed from 0: positions are made 1-based here.
    "COALESCE((SELECT array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1 "
    "          FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary), 0) AS key_position, "
    // A constant DEFAULT (a CONST node: 3, 'abc'::character varying, ...) as a literal; read as
    // text by EvaluateDefaults. Expressions (nextval(), now()) give no default, as in Debezium.
    "(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d "
    " WHERE d.adrelid = c.oid AND d.adnum = a.attnum AND d.adbin::text LIKE '{CONST %') AS default_literal "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "AND a.attgenerated = '' "
    "WHERE c.oid = $1 ORDER BY a.attnum";

// Sets each column's default_text from its constant DEFAULT literal (as pg_get_expr printed it),
// read back as text through the session's pinned output settings, like row values.
void EvaluateDefaults(PgConnection& conn, const std::vector<std::pair<size_t, std::string>>& literals,
                      std::vector<ColumnDefinition>* columns) {
  if (literals.empty()) return;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < literals.size(); ++i) sql += (i > 0 ? ", (" : "(") + literals[i].second + ")::text";
  PgResult r = conn.exec(sql, {}, "reading the columns' default values");
  for (size_t i = 0; i < literals.size(); ++i) {
    if (!r.isNull(0, static_cast<int>(i))) (*columns)[literals[i].first].default_text = r.string(0, static_cast<int>(i));
  }
}

uint32_t ParseOid(std::string_view text) { return static_cast<uint32_t>(std::strtoul(std::string(text).c_str(), nullptr, 10)); }

}  // namespace

void LoadTypeRegistry(PgConnection& conn, PgTypeRegistry* types) {
  PgResult r = conn.exec(kPgTypeCatalogQuery, {}, "reading the type catalog");
  for (int i = 0; i < r.rows(); ++i) {
    PgTypeCatalogRow row;
    row.oid = r.text(i, 0);
    row.name = r.text(i, 1);
    row.typtype = r.text(i, 2);
    row.category = r.text(i, 3);
    row.element_oid = r.text(i, 4);
    row.base_oid = r.text(i, 5);
    row.base_typmod = r.text(i, 6);
    if (!r.isNull(i, 7)) row.enum_labels = r.text(i, 7);
    types->add(PgTypeFromCatalogRow(row));
  }
}

bool DescribeTable(PgConnection& conn, uint32_t relation_oid, TableDescription* out) {
  std::string oid = std::to_string(relation_oid);
  PgResult r = conn.exec(kDescribeTable, {oid.c_str()}, "reading the columns of a table");
  if (r.rows() == 0) return false;
  *out = TableDescription();
  out->relation_oid = relation_oid;
  out->id = TableId{r.string(0, 0), r.string(0, 1)};
  out->replica_identity = r.text(0, 2).empty() ? 'd' : r.text(0, 2)[0];
  std::vector<std::pair<int, std::string>> key;
  std::vector<std::pair<size_t, std::string>> default_literals;
  for (int i = 0; i < r.rows(); ++i) {
    if (r.isNull(i, 3)) continue;  // a table without columns
    ColumnDefinition c;
    c.name = r.string(i, 3);
    c.type_oid = ParseOid(r.text(i, 4));
    c.type_modifier = std::atoi(r.string(i, 5).c_str());
    c.not_null = r.text(i, 6) == "t";
    int position = std::atoi(r.string(i, 7).c_str());
    if (position > 0) key.emplace_back(position, c.name);
    if (!r.isNull(i, 8)) default_literals.emplace_back(out->columns.size(), r.string(i, 8));
    out->columns.push_back(std::move(c));
  }
  EvaluateDefaults(conn, default_literals, &out->columns);
  std::sort(key.begin(), key.end());
  for (auto& k : key) out->primary_key.push_back(std::move(k.second));
  return true;
}

std::vector<TableDescription> ListCapturedTables(PgConnection& conn, const TableFilter& filter) {
  PgResult r = conn.exec(kListTables, {}, "listing the tables");
  std::vector<TableDescription> out;
  for (int i = 0; i < r.rows(); ++i) {
    TableId id{r.string(i, 1), r.string(i, 2)};
    if (!filter.includesTable(id)) continue;
    TableDescription d;
    if (DescribeTable(conn, ParseOid(r.text(i, 0)), &d)) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace pgcdc
}  // namespace connectd
