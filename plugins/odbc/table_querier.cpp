#include "table_querier.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "ascii_case.h"
#include "sql_time.h"

namespace connectd {
namespace odbc {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The nanoseconds within the second of an epoch-millisecond instant (also before 1970).
int64_t NanosOfMillis(int64_t ms) { return ((ms % 1000) + 1000) % 1000 * 1000000; }

sdk::SchemaView FieldSchema(const ColumnMapping& m, std::vector<sdk::Schema>& owned) {
  auto logical = [&](sdk::SchemaBuilder b) -> sdk::SchemaView {
    if (m.optional) b.optional();
    owned.push_back(b.build());
    return owned.back();
  };
  switch (m.kind) {
    case FieldKind::kInt8:
      return sdk::Schema::Primitive(sdk::Type::Int8, m.optional);
    case FieldKind::kInt16:
      return sdk::Schema::Primitive(sdk::Type::Int16, m.optional);
    case FieldKind::kInt32:
      return sdk::Schema::Primitive(sdk::Type::Int32, m.optional);
    case FieldKind::kInt64:
      return sdk::Schema::Primitive(sdk::Type::Int64, m.optional);
    case FieldKind::kFloat32:
      return sdk::Schema::Primitive(sdk::Type::Float32, m.optional);
    case FieldKind::kFloat64:
      return sdk::Schema::Primitive(sdk::Type::Float64, m.optional);
    case FieldKind::kBoolean:
      return sdk::Schema::Primitive(sdk::Type::Boolean, m.optional);
    case FieldKind::kString:
      return sdk::Schema::Primitive(sdk::Type::String, m.optional);
    case FieldKind::kBytes:
      return sdk::Schema::Primitive(sdk::Type::Bytes, m.optional);
    case FieldKind::kDecimal: {
      sdk::SchemaBuilder b = sdk::SchemaBuilder::Decimal(m.scale);
      if (m.precision > 0) b.parameter("connect.decimal.precision", std::to_string(m.precision));
      return logical(std::move(b));
    }
    case FieldKind::kDate:
      return logical(sdk::SchemaBuilder::Date());
    case FieldKind::kTime:
      return logical(sdk::SchemaBuilder::Time());
    case FieldKind::kTimestamp:
      return logical(sdk::SchemaBuilder::Timestamp());
  }
  return sdk::Schema::Primitive(sdk::Type::String, true);
}

// Binds a mapped column to the C type its reader in TableQuerier::Read asks for. Text buffers
// hold the column's declared length (twice, for UTF-16 surrogate pairs, up to 4096 units);
// longer cells are read again by the statement.
void BindForRead(OdbcStatement& statement, SQLUSMALLINT column, const ColumnMapping& m, const OdbcColumn& c) {
  const SQLLEN declared = static_cast<SQLLEN>(std::min<SQLULEN>(c.column_size, 4096));
  switch (m.kind) {
    case FieldKind::kInt8:
    case FieldKind::kInt16:
    case FieldKind::kInt32:
    case FieldKind::kInt64:
    case FieldKind::kBoolean:
      statement.BindColumn(column, SQL_C_SBIGINT, sizeof(SQLBIGINT));
      break;
    case FieldKind::kFloat32:
    case FieldKind::kFloat64:
      statement.BindColumn(column, SQL_C_DOUBLE, sizeof(double));
      break;
    case FieldKind::kDate:
      statement.BindColumn(column, SQL_C_TYPE_DATE, sizeof(SQL_DATE_STRUCT));
      break;
    case FieldKind::kTimestamp:
      statement.BindColumn(column, SQL_C_TYPE_TIMESTAMP, sizeof(SQL_TIMESTAMP_STRUCT));
      break;
    case FieldKind::kString:
    case FieldKind::kDecimal:  // digits, sign and point
    case FieldKind::kTime: {
      const SQLLEN units = declared > 0 ? std::min<SQLLEN>(2 * declared + 8, 4096) : 256;
      statement.BindColumn(column, SQL_C_WCHAR, (units + 1) * static_cast<SQLLEN>(sizeof(SQLWCHAR)));
      break;
    }
    case FieldKind::kBytes:
      statement.BindColumn(column, SQL_C_BINARY, declared > 0 ? declared : 1024);
      break;
  }
}

}  // namespace

struct TableQuerier::Result {
  explicit Result(OdbcConnection& c) : statement(c) {}
  OdbcStatement statement;
  std::vector<OdbcColumn> columns;
  std::vector<std::optional<ColumnMapping>> mappings;
  std::vector<sdk::Schema> owned_schemas;
  sdk::Schema schema;
  int incrementing_index = -1;              // 1-based column, -1 when none
  std::vector<int> timestamp_indexes;       // 1-based, in timestamp.column.name order
  std::vector<SQL_TIMESTAMP_STRUCT> timestamps;  // bound parameter values
  SQLBIGINT incrementing = 0;
};

TableQuerier::TableQuerier(const SourceSettings& settings, std::optional<TableId> table)
    : settings_(settings), table_(std::move(table)), incrementing_column_(settings.incrementing_column) {
  sdk::Value partition = sdk::Value::Map();
  if (table_) {
    name_ = table_->table;
    topic_ = settings.topic_prefix + table_->table;
    partition.put("protocol", sdk::Value::String("1"));
    partition.put("table", sdk::Value::String(UnquotedTableName(*table_)));
  } else {
    name_ = "query";
    topic_ = settings.topic_prefix;
    partition.put("query", sdk::Value::String("query"));
  }
  partition_ = std::make_unique<sdk::SourcePartition>(std::move(partition));
  if (settings.timestamp_initial_ms) {
    last_timestamp_ms_ = *settings.timestamp_initial_ms == -1 ? NowMs() : *settings.timestamp_initial_ms;
    last_timestamp_nanos_ = NanosOfMillis(*last_timestamp_ms_);
  }
}

TableQuerier::~TableQuerier() = default;

std::string TableQuerier::Describe() const { return table_ ? "table " + UnquotedTableName(*table_) : "query"; }

void TableQuerier::LoadOffset(sdk::Context& context) {
  sdk::Value partition = sdk::Value::Map();
  if (table_) {
    partition.put("protocol", sdk::Value::String("1"));
    partition.put("table", sdk::Value::String(UnquotedTableName(*table_)));
  } else {
    partition.put("query", sdk::Value::String("query"));
  }
  std::optional<sdk::Value> offset = context.offset(partition);
  if (!offset && table_) {
    sdk::Value legacy = sdk::Value::Map();
    legacy.put("table", sdk::Value::String(table_->table));
    offset = context.offset(legacy);
  }
  if (!offset || offset->isNull()) return;
  sdk::ValueView inc = offset->get("incrementing");
  if (!inc.isNull()) last_incrementing_ = inc.asInt();
  sdk::ValueView ts = offset->get("timestamp");
  if (!ts.isNull()) {
    last_timestamp_ms_ = ts.asInt();
    sdk::ValueView nanos = offset->get("timestamp_nanos");
    last_timestamp_nanos_ = nanos.isNull() ? NanosOfMillis(*last_timestamp_ms_) : nanos.asInt();
  }
}

void TableQuerier::Validate(OdbcSession& session) {
  if (!table_) return;
  std::vector<OdbcColumn> columns = session.connection.Columns(table_->catalog, table_->schema, table_->table);
  not_null_columns_.clear();
  for (const OdbcColumn& c : columns) {
    if (!c.nullable) not_null_columns_.push_back(c.name);
  }
  if (settings_.mode == SourceMode::kBulk) return;
  bool wants_inc = settings_.mode == SourceMode::kIncrementing || settings_.mode == SourceMode::kTimestampIncrementing;
  if (wants_inc && incrementing_column_.empty()) {
    for (const OdbcColumn& c : columns) {
      if (c.auto_increment) {
        incrementing_column_ = c.name;
        break;
      }
    }
    if (incrementing_column_.empty()) {
      throw sdk::ConnectException("Cannot make incremental queries using incrementing column on " + Describe() +
                                  ": it has no auto-increment column; set incrementing.column.name");
    }
  }
  if (!settings_.validate_non_null) return;
  auto check = [&](const std::string& name, const char* what) {
    for (const OdbcColumn& c : columns) {
      if (!EqualsIgnoreCase(c.name, name)) continue;
      if (c.nullable) {
        throw sdk::ConnectException("Cannot make incremental queries using " + std::string(what) + " column " + name +
                                    " on " + Describe() +
                                    " because this column is nullable (or set validate.non.null=false)");
      }
      return;
    }
    throw sdk::ConnectException(std::string(what) + " column " + name + " does not exist in " + Describe());
  };
  if (wants_inc) check(incrementing_column_, "incrementing");
  if (settings_.mode == SourceMode::kTimestamp || settings_.mode == SourceMode::kTimestampIncrementing) {
    // Confluent only requires one of several COALESCEd timestamp columns to exist.
    if (settings_.timestamp_columns.size() == 1) check(settings_.timestamp_columns[0], "timestamp");
  }
}

void TableQuerier::Open(OdbcSession& session) {
  auto result = std::make_unique<Result>(session.connection);
  SQL_TIMESTAMP_STRUCT upper{};
  std::vector<QueryParam> params = SourceQueryParams(settings_.mode);
  for (QueryParam p : params) {
    if (p != QueryParam::kUpperTimestamp) continue;
    OdbcStatement now(session.connection);
    now.ExecuteDirect(session.dialect->CurrentTimestampQuery());
    if (!now.Fetch() || !now.GetTimestamp(1, &upper)) {
      throw sdk::ConnectException("the database did not return its current time for " + Describe());
    }
    upper = TimestampFromMillis(MillisFromTimestamp(upper) - settings_.timestamp_delay_ms);
  }
  std::string base = table_ ? TableSelectQuery(*session.dialect, *table_) : settings_.query;
  std::string sql = BuildSourceQuery(*session.dialect, base, settings_.mode, incrementing_column_,
                                     settings_.timestamp_columns);
  if (!settings_.query_suffix.empty()) sql += " " + settings_.query_suffix;
  result->statement.Prepare(sql);
  SQL_TIMESTAMP_STRUCT last_ts = TimestampFromMillis(last_timestamp_ms_.value_or(0));
  if (last_timestamp_ms_) last_ts.fraction = static_cast<SQLUINTEGER>(last_timestamp_nanos_);
  result->incrementing = last_incrementing_.value_or(-1);
  result->timestamps.reserve(params.size());
  SQLUSMALLINT number = 0;
  for (QueryParam p : params) {
    ++number;
    if (p == QueryParam::kLastIncrementing) {
      result->statement.BindParameter(number, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &result->incrementing, 0, nullptr);
      continue;
    }
    result->timestamps.push_back(p == QueryParam::kUpperTimestamp ? upper : last_ts);
    result->statement.BindParameter(number, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 29, 9,
                                    &result->timestamps.back(), 0, nullptr);
  }
  result->statement.Execute();
  result->columns = result->statement.ResultColumns();
  sdk::SchemaBuilder builder = sdk::SchemaBuilder::Struct();
  if (table_) builder.name(table_->table);
  for (size_t i = 0; i < result->columns.size(); ++i) {
    OdbcColumn& c = result->columns[i];
    if (std::find(not_null_columns_.begin(), not_null_columns_.end(), c.name) != not_null_columns_.end()) {
      c.nullable = false;
    }
    std::optional<ColumnMapping> m = MapColumn(c, settings_.numeric_mapping, session.dialect->kind());
    result->mappings.push_back(m);
    if (!m) continue;
    builder.field(c.name, FieldSchema(*m, result->owned_schemas));
    if (!incrementing_column_.empty() && EqualsIgnoreCase(c.name, incrementing_column_)) {
      result->incrementing_index = static_cast<int>(i + 1);
    }
  }
  for (const std::string& ts : settings_.timestamp_columns) {
    for (size_t i = 0; i < result->columns.size(); ++i) {
      if (EqualsIgnoreCase(result->columns[i].name, ts)) result->timestamp_indexes.push_back(static_cast<int>(i + 1));
    }
  }
  bool wants_inc = settings_.mode == SourceMode::kIncrementing || settings_.mode == SourceMode::kTimestampIncrementing;
  if (wants_inc && result->incrementing_index > 0) {
    const std::optional<ColumnMapping>& m = result->mappings[static_cast<size_t>(result->incrementing_index - 1)];
    bool integral = m->kind == FieldKind::kInt8 || m->kind == FieldKind::kInt16 || m->kind == FieldKind::kInt32 ||
                    m->kind == FieldKind::kInt64 || (m->kind == FieldKind::kDecimal && m->scale == 0);
    if (!integral) {
      throw sdk::ConnectException("incrementing column " + incrementing_column_ + " of " + Describe() +
                                  " is not an integer column; incrementing.column.name needs one");
    }
  }
  if (wants_inc && result->incrementing_index < 0) {
    throw sdk::ConnectException("incrementing column " + incrementing_column_ + " is not in the result of " +
                                Describe());
  }
  bool wants_ts = settings_.mode == SourceMode::kTimestamp || settings_.mode == SourceMode::kTimestampIncrementing;
  if (wants_ts && result->timestamp_indexes.empty()) {
    throw sdk::ConnectException("none of the timestamp columns is in the result of " + Describe());
  }
  for (size_t i = 0; i < result->columns.size(); ++i) {
    if (result->mappings[i]) {
      BindForRead(result->statement, static_cast<SQLUSMALLINT>(i + 1), *result->mappings[i], result->columns[i]);
    }
  }
  result->schema = builder.build();
  result_ = std::move(result);
}

bool TableQuerier::Read(OdbcSession& session, sdk::RecordList& out, size_t max_rows) {
  if (!result_) Open(session);
  Result& r = *result_;
  for (size_t n = 0; n < max_rows; ++n) {
    if (!r.statement.Fetch()) {
      result_.reset();
      return false;
    }
    sdk::Value value = sdk::Value::Struct(r.schema);
    // Offset columns are captured while the row is read: ODBC reads each cell only once.
    std::optional<int64_t> inc;
    std::optional<SQL_TIMESTAMP_STRUCT> row_ts;
    size_t row_ts_rank = r.timestamp_indexes.size();
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (!r.mappings[i]) continue;
      const ColumnMapping& m = *r.mappings[i];
      const std::string& name = r.columns[i].name;
      SQLUSMALLINT col = static_cast<SQLUSMALLINT>(i + 1);
      sdk::Value cell;
      int64_t n64 = 0;
      double d = 0;
      std::string text;
      switch (m.kind) {
        case FieldKind::kInt8:
          if (r.statement.GetInt64(col, &n64)) cell = sdk::Value::Int8(static_cast<int8_t>(n64));
          break;
        case FieldKind::kInt16:
          if (r.statement.GetInt64(col, &n64)) cell = sdk::Value::Int16(static_cast<int16_t>(n64));
          break;
        case FieldKind::kInt32:
          if (r.statement.GetInt64(col, &n64)) cell = sdk::Value::Int32(static_cast<int32_t>(n64));
          break;
        case FieldKind::kInt64:
          if (r.statement.GetInt64(col, &n64)) cell = sdk::Value::Int64(n64);
          break;
        case FieldKind::kFloat32:
          if (r.statement.GetDouble(col, &d)) cell = sdk::Value::Float32(static_cast<float>(d));
          break;
        case FieldKind::kFloat64:
          if (r.statement.GetDouble(col, &d)) cell = sdk::Value::Float64(d);
          break;
        case FieldKind::kBoolean:
          if (r.statement.GetInt64(col, &n64)) cell = sdk::Value::Boolean(n64 != 0);
          break;
        case FieldKind::kString:
          if (r.statement.GetText(col, &text)) cell = sdk::Value::String(text);
          break;
        case FieldKind::kBytes:
          if (r.statement.GetBinary(col, &text)) cell = sdk::Value::Bytes(text);
          break;
        case FieldKind::kDecimal:
          if (r.statement.GetText(col, &text)) {
            try {
              cell = sdk::Value::Decimal(text, m.scale);
            } catch (const sdk::ConnectException& e) {
              throw sdk::ConnectException(Describe() + ", column " + name + ": " + e.what() +
                                          " (numeric.mapping or the column's declared scale)");
            }
          }
          break;
        case FieldKind::kDate: {
          SQL_DATE_STRUCT date{};
          if (r.statement.GetDate(col, &date)) cell = sdk::Value::Int32(static_cast<int32_t>(
                                                   DaysFromCivil(date.year, date.month, date.day)));
          break;
        }
        case FieldKind::kTime: {
          int32_t ms = 0;
          if (r.statement.GetText(col, &text)) {
            if (!ParseTimeOfDay(text, &ms)) {
              throw sdk::ConnectException(Describe() + ", column " + name + ": cannot read time \"" + text + "\"");
            }
            cell = sdk::Value::Int32(ms);
          }
          break;
        }
        case FieldKind::kTimestamp: {
          SQL_TIMESTAMP_STRUCT ts{};
          if (r.statement.GetTimestamp(col, &ts)) {
            cell = sdk::Value::Int64(MillisFromTimestamp(ts));
            // COALESCE order: the first listed timestamp column that is not NULL wins.
            for (size_t k = 0; k < row_ts_rank; ++k) {
              if (r.timestamp_indexes[k] == static_cast<int>(col)) {
                row_ts = ts;
                row_ts_rank = k;
              }
            }
          }
          break;
        }
      }
      if (static_cast<int>(col) == r.incrementing_index && !cell.isNull()) {
        if (m.kind == FieldKind::kDecimal) {
          int64_t parsed = 0;
          auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
          if (ec != std::errc() || end != text.data() + text.size()) {
            throw sdk::ConnectException(Describe() + ", incrementing column " + name + ": value " + text +
                                        " does not fit a 64-bit integer");
          }
          inc = parsed;
        } else {
          inc = cell.asInt();
        }
      }
      if (cell.isNull() && !m.optional) {
        throw sdk::ConnectException(Describe() + ", column " + name + ": NULL in a column declared NOT NULL");
      }
      value.set(name.c_str(), std::move(cell));
    }
    // The offset after this row, read from the row itself (Confluent's extractRecord).
    sdk::Value offset = sdk::Value::Map();
    bool has_offset = false;
    if (r.incrementing_index > 0) {
      if (!inc) throw sdk::ConnectException(Describe() + ": incrementing column " + incrementing_column_ + " is NULL");
      last_incrementing_ = *inc;
      offset.put("incrementing", sdk::Value::Int64(*inc));
      has_offset = true;
    }
    if (!r.timestamp_indexes.empty()) {
      if (!row_ts) throw sdk::ConnectException(Describe() + ": every timestamp column is NULL in a row");
      last_timestamp_ms_ = MillisFromTimestamp(*row_ts);
      last_timestamp_nanos_ = NanosOfTimestamp(*row_ts);
      offset.put("timestamp", sdk::Value::Int64(*last_timestamp_ms_));
      offset.put("timestamp_nanos", sdk::Value::Int64(last_timestamp_nanos_));
      has_offset = true;
    }
    sdk::SourceRecord record(topic_);
    record.value(r.schema, std::move(value)).sourcePartition(*partition_);
    if (has_offset) record.sourceOffset(std::move(offset));
    out.add(std::move(record));
  }
  return true;
}

void TableQuerier::Reset() { result_.reset(); }

void TableQuerier::Rewind(const Position& p) {
  last_incrementing_ = p.incrementing;
  last_timestamp_ms_ = p.timestamp_ms;
  last_timestamp_nanos_ = p.timestamp_nanos;
}

}  // namespace odbc
}  // namespace connectd
