#include "table_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "ascii_case.h"
#include "sql_time.h"

namespace connectd {
namespace odbc {
namespace {

// One statement parameter's values for every buffered row (column-wise binding).
struct ParamArray {
  SQLSMALLINT c_type = SQL_C_CHAR;
  SQLSMALLINT sql_type = SQL_VARCHAR;
  SQLULEN column_size = 0;
  SQLSMALLINT decimal_digits = 0;
  SQLLEN width = 0;  // bytes per element
  std::vector<char> data;
  std::vector<SQLLEN> lengths;
};

std::string Describe(const sdk::RecordView& r) {
  return "topic " + std::string(r.topic()) + " partition " + std::to_string(r.kafkaPartition()) + " offset " +
         std::to_string(r.kafkaOffset());
}

sdk::ValueView CellOf(const sdk::RecordView& r, const ColumnSource& source) {
  switch (source.from) {
    case ColumnSource::kWholeKey:
      return r.key();
    case ColumnSource::kKeyField:
      return r.key().field(source.field);
    case ColumnSource::kValueField:
      return r.value().field(source.field);
    default:
      return sdk::ValueView();
  }
}

// Fills one parameter array from `rows` for a column.
void FillParam(ParamArray& p, const SinkColumn& column, const ColumnSource& source,
               const std::vector<sdk::RecordView>& buffer, const size_t* rows, size_t n) {
  p.lengths.assign(n, 0);
  auto cell_of = [&](size_t i, std::string* text) -> sdk::ValueView {
    const sdk::RecordView& r = buffer[rows[i]];
    if (source.from == ColumnSource::kTopic) *text = std::string(r.topic());
    return CellOf(r, source);
  };
  auto fixed = [&](SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLLEN width) {
    p.c_type = c_type;
    p.sql_type = sql_type;
    p.width = width;
    p.data.assign(n * static_cast<size_t>(width), 0);
  };
  switch (column.kind) {
    case FieldKind::kInt8:
    case FieldKind::kInt16:
    case FieldKind::kInt32:
    case FieldKind::kInt64: {
      static const SQLSMALLINT kSqlTypes[] = {SQL_TINYINT, SQL_SMALLINT, SQL_INTEGER, SQL_BIGINT};
      fixed(SQL_C_SBIGINT, kSqlTypes[static_cast<int>(column.kind) - static_cast<int>(FieldKind::kInt8)],
            sizeof(SQLBIGINT));
      // Postgres has no one-byte integer type: send TINYINT as SMALLINT.
      if (p.sql_type == SQL_TINYINT) p.sql_type = SQL_SMALLINT;
      for (size_t i = 0; i < n; ++i) {
        const sdk::RecordView& r = buffer[rows[i]];
        SQLBIGINT v = 0;
        if (source.from == ColumnSource::kPartition) {
          v = r.kafkaPartition();
        } else if (source.from == ColumnSource::kOffset) {
          v = r.kafkaOffset();
        } else {
          sdk::ValueView cell = CellOf(r, source);
          if (cell.isNull()) {
            p.lengths[i] = SQL_NULL_DATA;
            continue;
          }
          v = cell.asInt();
        }
        std::memcpy(&p.data[i * sizeof(v)], &v, sizeof(v));
      }
      return;
    }
    case FieldKind::kFloat32:
    case FieldKind::kFloat64:
      fixed(SQL_C_DOUBLE, column.kind == FieldKind::kFloat32 ? SQL_REAL : SQL_DOUBLE, sizeof(SQLDOUBLE));
      for (size_t i = 0; i < n; ++i) {
        sdk::ValueView cell = CellOf(buffer[rows[i]], source);
        if (cell.isNull()) {
          p.lengths[i] = SQL_NULL_DATA;
          continue;
        }
        SQLDOUBLE v = cell.asDouble();
        std::memcpy(&p.data[i * sizeof(v)], &v, sizeof(v));
      }
      return;
    case FieldKind::kBoolean:
      fixed(SQL_C_BIT, SQL_BIT, 1);
      for (size_t i = 0; i < n; ++i) {
        sdk::ValueView cell = CellOf(buffer[rows[i]], source);
        if (cell.isNull()) {
          p.lengths[i] = SQL_NULL_DATA;
          continue;
        }
        p.data[i] = cell.asBool() ? 1 : 0;
      }
      return;
    case FieldKind::kDate:
      fixed(SQL_C_TYPE_DATE, SQL_TYPE_DATE, sizeof(SQL_DATE_STRUCT));
      p.column_size = 10;
      for (size_t i = 0; i < n; ++i) {
        sdk::ValueView cell = CellOf(buffer[rows[i]], source);
        if (cell.isNull()) {
          p.lengths[i] = SQL_NULL_DATA;
          continue;
        }
        SQL_DATE_STRUCT d = DateFromDays(cell.asInt());
        std::memcpy(&p.data[i * sizeof(d)], &d, sizeof(d));
      }
      return;
    case FieldKind::kTimestamp:
      fixed(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, sizeof(SQL_TIMESTAMP_STRUCT));
      p.column_size = 23;
      p.decimal_digits = 3;
      for (size_t i = 0; i < n; ++i) {
        sdk::ValueView cell = CellOf(buffer[rows[i]], source);
        if (cell.isNull()) {
          p.lengths[i] = SQL_NULL_DATA;
          continue;
        }
        SQL_TIMESTAMP_STRUCT ts = TimestampFromMillis(cell.asInt());
        std::memcpy(&p.data[i * sizeof(ts)], &ts, sizeof(ts));
      }
      return;
    default:
      break;
  }
  // Variable-length kinds: the texts first, then one array as wide as the longest.
  std::vector<std::string> texts(n);
  std::vector<bool> nulls(n, false);
  for (size_t i = 0; i < n; ++i) {
    std::string topic;
    sdk::ValueView cell = cell_of(i, &topic);
    if (source.from == ColumnSource::kTopic) {
      texts[i] = topic;
      continue;
    }
    if (cell.isNull()) {
      nulls[i] = true;
      continue;
    }
    switch (column.kind) {
      case FieldKind::kDecimal:
        texts[i] = cell.decimalText(column.scale);
        break;
      case FieldKind::kTime:
        texts[i] = FormatTimeOfDay(cell.asInt());
        break;
      case FieldKind::kString: {
        std::basic_string<SQLWCHAR> wide = Utf8ToUtf16(cell.asString());
        texts[i].assign(reinterpret_cast<const char*>(wide.data()), wide.size() * sizeof(SQLWCHAR));
        break;
      }
      default:
        texts[i] = std::string(cell.asString());
        break;
    }
  }
  size_t longest = 1;
  for (const std::string& t : texts) longest = std::max(longest, t.size());
  if (column.kind == FieldKind::kString && source.from != ColumnSource::kTopic) {
    p.c_type = SQL_C_WCHAR;
    p.sql_type = SQL_WVARCHAR;
    p.column_size = longest / sizeof(SQLWCHAR);
  } else if (source.from == ColumnSource::kTopic) {
    p.c_type = SQL_C_CHAR;
    p.sql_type = SQL_VARCHAR;
    p.column_size = longest;
  } else if (column.kind == FieldKind::kBytes) {
    p.c_type = SQL_C_BINARY;
    p.sql_type = SQL_VARBINARY;
    p.column_size = longest;
  } else if (column.kind == FieldKind::kDecimal) {
    p.c_type = SQL_C_CHAR;
    p.sql_type = SQL_DECIMAL;
    p.column_size = std::max<size_t>(longest, 1);
    p.decimal_digits = static_cast<SQLSMALLINT>(std::max(column.scale, 0));
  } else {
    p.c_type = SQL_C_CHAR;
    p.sql_type = SQL_TYPE_TIME;
    p.column_size = 12;
    p.decimal_digits = 3;
  }
  p.width = static_cast<SQLLEN>(longest + sizeof(SQLWCHAR));  // room for a terminator drivers may read
  p.data.assign(n * static_cast<size_t>(p.width), 0);
  for (size_t i = 0; i < n; ++i) {
    if (nulls[i]) {
      p.lengths[i] = SQL_NULL_DATA;
      continue;
    }
    std::memcpy(&p.data[i * static_cast<size_t>(p.width)], texts[i].data(), texts[i].size());
    p.lengths[i] = static_cast<SQLLEN>(texts[i].size());
  }
}

// A Postgres array literal ({1,NULL,"a\"b"}) of one column's values for rows[0..n), the text an
// unnest(?::type[]) parameter carries.
std::string ArrayLiteral(const SinkColumn& column, const ColumnSource& source, const std::vector<sdk::RecordView>& buffer,
                         const size_t* rows, size_t n) {
  std::string out = "{";
  auto quoted = [&out](std::string_view text) {
    out.push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  };
  char buf[64];
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out.push_back(',');
    const sdk::RecordView& r = buffer[rows[i]];
    if (source.from == ColumnSource::kTopic) {
      quoted(r.topic());
      continue;
    }
    if (source.from == ColumnSource::kPartition || source.from == ColumnSource::kOffset) {
      out += std::to_string(source.from == ColumnSource::kPartition ? r.kafkaPartition() : r.kafkaOffset());
      continue;
    }
    sdk::ValueView cell = CellOf(r, source);
    if (cell.isNull()) {
      out += "NULL";
      continue;
    }
    switch (column.kind) {
      case FieldKind::kInt8:
      case FieldKind::kInt16:
      case FieldKind::kInt32:
      case FieldKind::kInt64:
        out += std::to_string(cell.asInt());
        break;
      case FieldKind::kFloat32:
      case FieldKind::kFloat64: {
        double d = cell.asDouble();
        if (std::isnan(d)) {
          out += "NaN";
        } else if (std::isinf(d)) {
          out += d > 0 ? "Infinity" : "-Infinity";
        } else {
          std::snprintf(buf, sizeof(buf), column.kind == FieldKind::kFloat32 ? "%.9g" : "%.17g", d);
          out += buf;
        }
        break;
      }
      case FieldKind::kBoolean:
        out += cell.asBool() ? "t" : "f";
        break;
      case FieldKind::kString:
        quoted(cell.asString());
        break;
      case FieldKind::kBytes: {
        static const char kHex[] = "0123456789abcdef";
        out += "\"\\\\x";
        for (unsigned char c : cell.asString()) {
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        }
        out.push_back('"');
        break;
      }
      case FieldKind::kDecimal:
        out += cell.decimalText(column.scale);
        break;
      case FieldKind::kDate: {
        SQL_DATE_STRUCT d = DateFromDays(cell.asInt());
        std::snprintf(buf, sizeof(buf), "\"%04d-%02u-%02u\"", d.year, d.month, d.day);
        out += buf;
        break;
      }
      case FieldKind::kTime:
        quoted(FormatTimeOfDay(cell.asInt()));
        break;
      case FieldKind::kTimestamp: {
        SQL_TIMESTAMP_STRUCT t = TimestampFromMillis(cell.asInt());
        std::snprintf(buf, sizeof(buf), "\"%04d-%02u-%02u %02u:%02u:%02u.%03u\"", t.year, t.month, t.day, t.hour,
                      t.minute, t.second, static_cast<unsigned>(t.fraction / 1000000));
        out += buf;
        break;
      }
    }
  }
  out.push_back('}');
  return out;
}

}  // namespace

bool InsertModeFromName(std::string_view name, InsertMode* out) {
  if (name == "insert") {
    *out = InsertMode::kInsert;
  } else if (name == "upsert") {
    *out = InsertMode::kUpsert;
  } else if (name == "update") {
    *out = InsertMode::kUpdate;
  } else {
    return false;
  }
  return true;
}

struct TableWriter::Prepared {
  Prepared(RowLayout l, sdk::SchemaView key, sdk::SchemaView value, bool deletes)
      : layout(std::move(l)), key_schema(Retain(key)), value_schema(Retain(value)), deletes(deletes) {}
  static sdk::Schema Retain(sdk::SchemaView s) {
    return s ? sdk::Schema::Adopt(sdk::Host().schema_retain(s.raw())) : sdk::Schema();
  }
  // Whether these statements fit the buffered records (held schemas cannot be freed and their
  // addresses reused while this lives).
  bool Fits(const cd_schema* key, const cd_schema* value, bool deletes_now) const {
    return deletes == deletes_now && key_schema.raw() == key && (deletes || value_schema.raw() == value);
  }
  RowLayout layout;
  sdk::Schema key_schema;
  sdk::Schema value_schema;
  bool deletes;
  // The columns bound, in parameter order, with where their values come from.
  std::vector<const SinkColumn*> columns;
  std::vector<const ColumnSource*> sources;
  // Multi-row statements (INSERT ... VALUES (..),(..)) instead of one row per parameter set.
  bool multi_row = false;
  // Postgres: one array parameter per column (INSERT ... SELECT * FROM unnest(...)).
  bool arrays = false;
  std::vector<std::basic_string<SQLWCHAR>> array_texts;
  std::vector<SQLLEN> array_lengths;
  std::function<std::string(size_t rows)> sql;
  std::map<size_t, std::unique_ptr<OdbcStatement>> statements;  // by rows per statement
  std::vector<ParamArray> params;
  std::vector<SQLUSMALLINT> status;
};

TableWriter::TableWriter(OdbcSession& session, const SinkSettings& settings, TableId table, std::string table_text)
    : session_(session), settings_(settings), table_(std::move(table)), table_text_(std::move(table_text)) {}

TableWriter::~TableWriter() = default;

void TableWriter::Add(const sdk::RecordView& record) {
  bool tombstone = record.value().isNull();
  if (tombstone && !settings_.delete_enabled) {
    throw sdk::ConnectException("table '" + table_text_ + "': " + Describe(record) +
                                " is a tombstone (null value), but delete.enabled=false; set delete.enabled=true "
                                "(with pk.mode=record_key) to delete rows, or drop tombstones with a transform");
  }
  if (tombstone && record.key().isNull()) {
    throw sdk::ConnectException("table '" + table_text_ + "': " + Describe(record) +
                                " is a tombstone without a key, so no row can be deleted");
  }
  const cd_schema* key_schema = record.keySchema().raw();
  const cd_schema* value_schema = tombstone ? nullptr : record.valueSchema().raw();
  if (!tombstone && value_schema == nullptr) {
    throw sdk::ConnectException("table '" + table_text_ + "': " + Describe(record) +
                                " has no value schema; the JDBC sink needs Struct values with a schema (for example "
                                "value.converter.schemas.enable=true)");
  }
  bool same = !buffer_.empty() && tombstone == buffer_deletes_ && key_schema == buffer_key_schema_ &&
              (tombstone || value_schema == buffer_value_schema_);
  if (!buffer_.empty() && !same) Flush();
  if (buffer_.empty()) {
    buffer_deletes_ = tombstone;
    buffer_key_schema_ = key_schema;
    if (!tombstone) buffer_value_schema_ = value_schema;
  }
  buffer_.push_back(record);
  if (buffer_.size() >= settings_.batch_size) Flush();
}

void TableWriter::Discard() {
  buffer_.clear();
  prepared_.reset();
}

void TableWriter::ReadColumns() {
  known_columns_.reset();
  std::vector<OdbcColumn> columns = session_.connection.Columns(table_.catalog, table_.schema, table_.table);
  if (columns.empty()) return;
  known_columns_.emplace();
  for (const OdbcColumn& c : columns) (*known_columns_)[c.name] = c.type_name;
}

const std::string* TableWriter::ColumnType(const std::string& column) const {
  auto it = known_columns_->find(column);
  if (it != known_columns_->end()) return &it->second;
  // Unquoted names fold case in the database.
  for (const auto& [name, type] : *known_columns_) {
    if (EqualsIgnoreCase(name, column)) return &type;
  }
  return nullptr;
}

void TableWriter::ApplyDdl(const std::vector<std::string>& statements) {
  try {
    for (const std::string& sql : statements) session_.connection.Execute(sql);
  } catch (const OdbcError& e) {
    if (e.transient()) throw;
    // Another task (or worker) may have created or altered the table at the same moment. The
    // transaction is lost either way: if the table now has what was missing, write the whole
    // batch again; otherwise the statement itself is at fault.
    session_.connection.Rollback();
    std::optional<std::map<std::string, std::string>> before = std::move(known_columns_);
    ReadColumns();
    bool changed = known_columns_ && (!before || known_columns_->size() > before->size());
    known_columns_.reset();
    if (!changed) throw;
    throw TableChangedConcurrently("table '" + table_text_ + "' was changed by someone else while this task changed it (" +
                                       e.what() + "); writing the batch again",
                                   e.sqlstate(), true);
  }
}

void TableWriter::EnsureColumns(const RowLayout& layout) {
  if (!known_columns_) ReadColumns();
  if (!known_columns_) {
    if (!settings_.auto_create) {
      throw sdk::ConnectException("Table \"" + table_text_ +
                                  "\" is missing and auto-creation is disabled (set auto.create=true)");
    }
    std::vector<SinkColumn> all = layout.key_columns;
    all.insert(all.end(), layout.value_columns.begin(), layout.value_columns.end());
    ApplyDdl({session_.dialect->CreateTable(table_, all, layout.KeyNames())});
    ReadColumns();
    if (!known_columns_) throw sdk::ConnectException("Table \"" + table_text_ + "\" was created but cannot be seen");
    return;
  }
  std::vector<SinkColumn> missing;
  for (const std::vector<SinkColumn>* columns : {&layout.key_columns, &layout.value_columns}) {
    for (const SinkColumn& c : *columns) {
      if (ColumnType(c.name) == nullptr) missing.push_back(c);
    }
  }
  if (missing.empty()) return;
  if (!settings_.auto_evolve) {
    throw sdk::ConnectException("Table \"" + table_text_ + "\" is missing fields (" + missing.front().name +
                                (missing.size() > 1 ? ", ..." : "") + ") and auto-evolution is disabled (set "
                                "auto.evolve=true)");
  }
  for (const SinkColumn& c : missing) {
    if (!c.optional && !c.default_literal) {
      throw sdk::ConnectException("Cannot ALTER TABLE \"" + table_text_ + "\" to add missing field " + c.name +
                                  ", as the field is not optional and does not have a default value");
    }
  }
  ApplyDdl(session_.dialect->AlterTableAddColumns(table_, missing));
  ReadColumns();
  if (!known_columns_) throw sdk::ConnectException("Table \"" + table_text_ + "\" was altered but cannot be seen");
}

void TableWriter::Flush() {
  if (buffer_.empty()) return;
  // The same schemas as the last flush (the usual case): its statements and layout still hold.
  if (!prepared_ || !prepared_->Fits(buffer_key_schema_, buffer_value_schema_, buffer_deletes_)) Prepare();
  std::vector<size_t> rows(buffer_.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  if (!buffer_deletes_ && settings_.insert_mode == InsertMode::kUpsert) rows = LastOfEachKey();
  Execute(rows.data(), rows.size());
  buffer_.clear();
}

void TableWriter::Prepare() {
  const sdk::RecordView& first = buffer_.front();
  RowLayout layout = BuildRowLayout(settings_.pk_mode, settings_.pk_fields, settings_.fields_whitelist,
                                    first.keySchema(), buffer_deletes_ ? sdk::SchemaView() : first.valueSchema(),
                                    table_text_);
  if (!buffer_deletes_) EnsureColumns(layout);
  prepared_ = std::make_unique<Prepared>(std::move(layout), first.keySchema(),
                                         buffer_deletes_ ? sdk::SchemaView() : first.valueSchema(), buffer_deletes_);
  Prepared& p = *prepared_;
  const RowLayout& l = p.layout;
  const SqlDialect& dialect = *session_.dialect;
  auto bind = [&](const std::vector<SinkColumn>& columns, const std::vector<ColumnSource>& sources) {
    for (size_t i = 0; i < columns.size(); ++i) {
      p.columns.push_back(&columns[i]);
      p.sources.push_back(&sources[i]);
    }
  };
  std::vector<std::string> keys = l.KeyNames();
  std::vector<std::string> values = l.ValueNames();
  if (buffer_deletes_) {
    p.sql = [&dialect, this, keys](size_t) { return dialect.Delete(table_, keys); };
    bind(l.key_columns, l.key_sources);
  } else if (settings_.insert_mode == InsertMode::kUpdate) {
    p.sql = [&dialect, this, keys, values](size_t) { return dialect.Update(table_, keys, values); };
    bind(l.value_columns, l.value_sources);
    bind(l.key_columns, l.key_sources);
  } else {
    bool upsert = settings_.insert_mode == InsertMode::kUpsert;
    p.sql = [&dialect, this, keys, values, upsert](size_t rows) {
      return upsert ? dialect.Upsert(table_, keys, values, rows) : dialect.Insert(table_, keys, values, rows);
    };
    bind(l.key_columns, l.key_sources);
    bind(l.value_columns, l.value_sources);
    // Measured on Postgres (tests/bench): multi-row statements beat ODBC parameter arrays, which
    // the drivers execute row by row, and one array per column beats thousands of parameters.
    p.multi_row = dialect.kind() != DialectKind::kGeneric;
    std::vector<std::string> types;
    for (const SinkColumn* c : p.columns) {
      const std::string* found = ColumnType(c->name);
      std::string t = found != nullptr ? *found : std::string();
      bool plain = !t.empty() && std::all_of(t.begin(), t.end(), [](char ch) {
        return std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) ||
               ch == '_' || ch == ' ';
      });
      types.push_back(plain ? t : dialect.QuoteIdentifier(t));
      if (t.empty()) types.clear();
      if (types.empty()) break;
    }
    if (dialect.kind() == DialectKind::kPostgres && types.size() == p.columns.size()) {
      p.arrays = true;
      p.sql = [&dialect, this, keys, values, upsert, types](size_t) {
        return dialect.InsertFromArrays(table_, keys, values, types, upsert);
      };
    }
  }
}

std::vector<size_t> TableWriter::LastOfEachKey() {
  // One statement may not touch a key twice (Postgres refuses it): keep each key's last record,
  // which is what upserting them one after the other would leave.
  Prepared& p = *prepared_;
  const RowLayout& l = p.layout;
  std::vector<size_t> all(buffer_.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::vector<ParamArray> key_params(l.key_columns.size());
  for (size_t c = 0; c < key_params.size(); ++c) {
    FillParam(key_params[c], l.key_columns[c], l.key_sources[c], buffer_, all.data(), all.size());
  }
  std::unordered_map<std::string, size_t> last;
  std::vector<std::string> key_of(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    std::string& k = key_of[i];
    for (const ParamArray& a : key_params) {
      SQLLEN len = a.lengths[i];
      k.append(reinterpret_cast<const char*>(&len), sizeof(len));
      if (len > 0) k.append(&a.data[i * static_cast<size_t>(a.width)], static_cast<size_t>(len));
      if (len == 0 && a.width > 0) k.append(&a.data[i * static_cast<size_t>(a.width)], static_cast<size_t>(a.width));
    }
    last[k] = i;
  }
  std::vector<size_t> out;
  out.reserve(last.size());
  for (size_t i = 0; i < all.size(); ++i) {
    if (last[key_of[i]] == i) out.push_back(i);
  }
  return out;
}

OdbcStatement& TableWriter::StatementFor(size_t rows) {
  Prepared& p = *prepared_;
  std::unique_ptr<OdbcStatement>& stmt = p.statements[rows];
  if (!stmt) {
    stmt = std::make_unique<OdbcStatement>(session_.connection);
    stmt->Prepare(p.sql(rows));
  }
  return *stmt;
}

void TableWriter::Execute(const size_t* rows, size_t n) {
  Prepared& p = *prepared_;
  const size_t ncols = p.columns.size();
  // Statements stay well under every database's limit on parameters (SQLite's is 32766).
  const size_t chunk = p.multi_row ? std::max<size_t>(1, std::min<size_t>(1000, 30000 / std::max<size_t>(ncols, 1))) : n;
  if (p.arrays) {
    OdbcStatement& stmt = StatementFor(1);
    p.array_texts.assign(ncols, {});
    p.array_lengths.assign(ncols, 0);
    for (size_t c = 0; c < ncols; ++c) {
      p.array_texts[c] = Utf8ToUtf16(ArrayLiteral(*p.columns[c], *p.sources[c], buffer_, rows, n));
      p.array_lengths[c] = static_cast<SQLLEN>(p.array_texts[c].size() * sizeof(SQLWCHAR));
      stmt.BindParameter(static_cast<SQLUSMALLINT>(c + 1), SQL_C_WCHAR, SQL_WLONGVARCHAR, p.array_texts[c].size(), 0,
                         p.array_texts[c].data(), p.array_lengths[c], &p.array_lengths[c]);
    }
    p.status.assign(1, SQL_PARAM_UNUSED);
    stmt.SetParameterArray(1, p.status.data());
    try {
      stmt.Execute();
    } catch (const OdbcError& e) {
      if (e.transient()) throw;
      throw OdbcError("table '" + table_text_ + "', " + FindRejectedRow(rows, n) + ": " + e.what(), e.sqlstate(), false);
    }
    return;
  }
  p.params.assign(ncols, ParamArray());
  for (size_t at = 0; at < n; at += chunk) {
    const size_t m = std::min(chunk, n - at);
    for (size_t c = 0; c < ncols; ++c) FillParam(p.params[c], *p.columns[c], *p.sources[c], buffer_, rows + at, m);
    OdbcStatement& stmt = StatementFor(p.multi_row ? m : 1);
    if (p.multi_row) {
      for (size_t r = 0; r < m; ++r) {
        for (size_t c = 0; c < ncols; ++c) {
          ParamArray& a = p.params[c];
          stmt.BindParameter(static_cast<SQLUSMALLINT>(r * ncols + c + 1), a.c_type, a.sql_type, a.column_size,
                             a.decimal_digits, &a.data[r * static_cast<size_t>(a.width)], a.width, &a.lengths[r]);
        }
      }
      p.status.assign(1, SQL_PARAM_UNUSED);
      stmt.SetParameterArray(1, p.status.data());
    } else {
      for (size_t c = 0; c < ncols; ++c) {
        ParamArray& a = p.params[c];
        stmt.BindParameter(static_cast<SQLUSMALLINT>(c + 1), a.c_type, a.sql_type, a.column_size, a.decimal_digits,
                           a.data.data(), a.width, a.lengths.data());
      }
      p.status.assign(m, SQL_PARAM_UNUSED);
      stmt.SetParameterArray(m, p.status.data());
    }
    try {
      stmt.Execute();
    } catch (const OdbcError& e) {
      if (e.transient()) throw;
      throw OdbcError("table '" + table_text_ + "', " + FindRejectedRow(rows + at, m) + ": " + e.what(), e.sqlstate(),
                      false);
    }
    // Some drivers go on after a failed parameter set and only mark it in the status array.
    for (size_t r = 0; r < p.status.size(); ++r) {
      if (p.status[r] == SQL_PARAM_ERROR || p.status[r] == SQL_PARAM_DIAG_UNAVAILABLE) {
        throw OdbcError("table '" + table_text_ + "', rejected row from " + Describe(buffer_[rows[at + r]]) +
                            ": the driver reported the row as failed",
                        "HY000", false);
      }
    }
  }
}

std::string TableWriter::FindRejectedRow(const size_t* rows, size_t n) {
  // Drivers fill the row status array unreliably (psqlODBC marks the whole batch), so replay the
  // rows one by one in a transaction that is rolled back, and name the first the database refuses.
  session_.connection.Rollback();
  std::string found;
  for (size_t i = 0; i < n && found.empty() && n > 1; ++i) {
    try {
      Execute(rows + i, 1);
    } catch (const OdbcError&) {
      found = "rejected row from " + Describe(buffer_[rows[i]]);
    }
  }
  session_.connection.Rollback();
  if (!found.empty()) return found;
  if (n == 1) return "rejected row from " + Describe(buffer_[rows[0]]);
  return "batch of " + std::to_string(n) + " records from " + Describe(buffer_[rows[0]]) + " to offset " +
         std::to_string(buffer_[rows[n - 1]].kafkaOffset());
}

}  // namespace odbc
}  // namespace connectd
