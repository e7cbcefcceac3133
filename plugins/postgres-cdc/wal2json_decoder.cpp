#include "wal2json_decoder.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace connectd {
namespace pgcdc {

const char* const kWal2JsonOptions =
    "\"format-version\" '2', \"include-xids\" '1', \"include-timestamp\" '1', "
    "\"include-schemas\" '1', \"include-types\" '1', \"include-type-oids\" '1', "
    "\"include-typmod\" '1', \"include-pk\" '1', \"include-lsn\" '1', \"include-transaction\" '1'";

namespace {

constexpr uint32_t kByteaOid = 17;

// Numbers arrive as strings: their text is what the output function wrote, kept digit for digit.
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

using Json = rapidjson::Value;

// Builds the error text, naming the message the problem is in once its action and table are known.
class ErrorReport {
 public:
  ErrorReport(const Wal2JsonChange& change, std::string* error) : change_(change), error_(error) {}

  bool Fail(const std::string& what) const {
    *error_ = "wal2json: " + what;
    if (change_.action != 0) {
      *error_ += std::string(" in the ") + change_.action + " message";
      if (!change_.table.empty()) {
        *error_ += " for " + (change_.schema.empty() ? "" : change_.schema + ".") + change_.table;
      }
    }
    return false;
  }

 private:
  const Wal2JsonChange& change_;
  std::string* error_;
};

std::string Quoted(const char* key) { return std::string("'") + key + "'"; }

std::string_view StringOf(const Json& v) { return std::string_view(v.GetString(), v.GetStringLength()); }

const char* KindOf(const Json& v) {
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsBool()) return "a boolean";
  if (v.IsNull()) return "null";
  return "a string or number";
}

const Json* Member(const Json& object, const char* key) {
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

bool ParseUint32(std::string_view text, uint32_t* out) {
  if (text.empty() || text.size() > 10) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

// Reads exactly `n` digits at `*pos`.
bool ReadDigits(std::string_view text, size_t* pos, size_t n, int64_t* out) {
  if (text.size() - *pos < n) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// Days from 1970-01-01 to a proleptic Gregorian date, counting in 400-year eras that start on
// March 1st so that the leap day ends each era's year.
int64_t DaysSinceUnixEpoch(int64_t year, int64_t month, int64_t day) {
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t year_of_era = y - era * 400;
  int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Parses timestamptz_to_str's ISO form, "2024-02-29 13:45:12.123456+05:30": a fraction of up to
// six digits when not zero, a zone offset of hours with optional minutes and seconds.
bool ParseCommitTime(std::string_view text, int64_t* unix_us) {
  size_t pos = 0;
  size_t year_digits = 0;
  while (year_digits < text.size() && text[year_digits] >= '0' && text[year_digits] <= '9') ++year_digits;
  int64_t year, month, day, hour, minute, second;
  if (year_digits < 4 || year_digits > 6 || !ReadDigits(text, &pos, year_digits, &year) ||
      !Expect(text, &pos, '-') || !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day) || !Expect(text, &pos, ' ') || !ReadDigits(text, &pos, 2, &hour) ||
      !Expect(text, &pos, ':') || !ReadDigits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return false;
  int64_t micros = 0;
  if (Expect(text, &pos, '.')) {
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 6) {
      micros = micros * 10 + (text[pos++] - '0');
      ++digits;
    }
    if (digits == 0) return false;
    for (; digits < 6; ++digits) micros *= 10;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int64_t sign = text[pos++] == '-' ? -1 : 1;
  int64_t zone_hours, zone_minutes = 0, zone_seconds = 0;
  if (!ReadDigits(text, &pos, 2, &zone_hours)) return false;
  if (Expect(text, &pos, ':')) {
    if (!ReadDigits(text, &pos, 2, &zone_minutes)) return false;
    if (Expect(text, &pos, ':') && !ReadDigits(text, &pos, 2, &zone_seconds)) return false;
  }
  if (pos != text.size() || zone_minutes > 59 || zone_seconds > 59) return false;
  int64_t local_seconds = DaysSinceUnixEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  int64_t offset_seconds = sign * (zone_hours * 3600 + zone_minutes * 60 + zone_seconds);
  *unix_us = (local_seconds - offset_seconds) * 1000000 + micros;
  return true;
}

bool IsHex(std::string_view text) {
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

bool ReadOptionalString(const Json& message, const char* key, std::string* out, const ErrorReport& report) {
  const Json* v = Member(message, key);
  if (v == nullptr || v->IsNull()) return true;
  if (!v->IsString()) return report.Fail(Quoted(key) + " is " + KindOf(*v) + ", not a string");
  out->assign(v->GetString(), v->GetStringLength());
  return true;
}

bool ReadRequiredString(const Json& message, const char* key, std::string* out, const ErrorReport& report) {
  const Json* v = Member(message, key);
  if (v == nullptr) return report.Fail(Quoted(key) + " is missing");
  if (!v->IsString()) return report.Fail(Quoted(key) + " is " + KindOf(*v) + ", not a string");
  out->assign(v->GetString(), v->GetStringLength());
  return true;
}

bool ReadLsn(const Json& message, const char* key, Lsn* out, const ErrorReport& report) {
  const Json* v = Member(message, key);
  if (v == nullptr || v->IsNull()) return true;
  if (!v->IsString() || !ParseLsn(StringOf(*v), out)) {
    return report.Fail(Quoted(key) + " is not an LSN like \"16/B374D848\"");
  }
  return true;
}

// Names an entry of a column array in errors: "'columns'[3] (amount)". Built only on failure,
// so decoding a row allocates nothing for it.
struct ColumnPlace {
  const char* key;
  rapidjson::SizeType index;
  const std::string* name;  // null until the entry's name is read

  std::string Describe() const {
    std::string text = Quoted(key) + "[" + std::to_string(index) + "]";
    if (name != nullptr) text += " (" + *name + ")";
    return text;
  }
};

// The value of one column, in the output function's text form.
bool ReadValue(const Json& v, Wal2JsonColumn* column, const ColumnPlace& place, const ErrorReport& report) {
  if (v.IsNull()) {
    column->is_null = true;
    return true;
  }
  if (v.IsBool()) {
    column->text = v.GetBool() ? "t" : "f";
    return true;
  }
  if (!v.IsString()) return report.Fail(place.Describe() + " is " + KindOf(v) + ", not a column value");
  std::string_view text = StringOf(v);
  bool bytea = column->type_oid == kByteaOid || (column->type_oid == 0 && column->type == "bytea");
  if (!bytea) {
    column->text.assign(text.data(), text.size());
    return true;
  }
  if (text.size() % 2 != 0 || !IsHex(text)) {
    return report.Fail(place.Describe() + " (bytea) is not hex: keep bytea_output = hex for the replication "
                       "connection, wal2json cuts the escape form");
  }
  column->text.reserve(text.size() + 2);
  column->text = "\\x";
  column->text.append(text.data(), text.size());
  return true;
}

// Reads an array of {"name","type","typeoid","value"} objects. `with_values` is false for "pk",
// whose entries have no value.
bool ReadColumnArray(const Json& array, const char* key, bool with_values, std::vector<Wal2JsonColumn>* out,
                     const ErrorReport& report) {
  if (!array.IsArray()) return report.Fail(Quoted(key) + " is " + KindOf(array) + ", not an array");
  out->reserve(array.Size());
  for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
    const Json& entry = array[i];
    ColumnPlace place{key, i, nullptr};
    if (!entry.IsObject()) return report.Fail(place.Describe() + " is " + KindOf(entry) + ", not an object");
    Wal2JsonColumn column;
    const Json* name = Member(entry, "name");
    if (name == nullptr || !name->IsString()) return report.Fail(place.Describe() + " has no 'name' string");
    column.name.assign(name->GetString(), name->GetStringLength());
    place.name = &column.name;
    if (const Json* type = Member(entry, "type")) {
      if (!type->IsString()) return report.Fail(place.Describe() + " 'type' is not a string");
      column.type.assign(type->GetString(), type->GetStringLength());
    }
    if (const Json* oid = Member(entry, "typeoid")) {
      if (!oid->IsString() || !ParseUint32(StringOf(*oid), &column.type_oid)) {
        return report.Fail(place.Describe() + " 'typeoid' is not a type OID");
      }
    }
    if (with_values) {
      const Json* value = Member(entry, "value");
      if (value == nullptr) return report.Fail(place.Describe() + " has no 'value'");
      if (!ReadValue(*value, &column, place, report)) return false;
    }
    out->push_back(std::move(column));
  }
  return true;
}

bool ReadColumns(const Json& message, const char* key, bool required, std::vector<Wal2JsonColumn>* out,
                 const ErrorReport& report) {
  const Json* array = Member(message, key);
  if (array == nullptr) return required ? report.Fail(Quoted(key) + " is missing") : true;
  return ReadColumnArray(*array, key, true, out, report);
}

bool ReadPrimaryKey(const Json& message, std::vector<std::string>* out, const ErrorReport& report) {
  const Json* array = Member(message, "pk");
  if (array == nullptr) return true;
  std::vector<Wal2JsonColumn> key_columns;
  if (!ReadColumnArray(*array, "pk", false, &key_columns, report)) return false;
  out->reserve(key_columns.size());
  for (Wal2JsonColumn& c : key_columns) out->push_back(std::move(c.name));
  return true;
}

bool ReadTransactionFields(const Json& message, Wal2JsonChange* out, const ErrorReport& report) {
  if (const Json* xid = Member(message, "xid")) {
    uint32_t value = 0;
    if (!xid->IsNull()) {
      if (!xid->IsString() || !ParseUint32(StringOf(*xid), &value)) {
        return report.Fail("'xid' is not a transaction id");
      }
      out->xid = value;
    }
  }
  if (const Json* time = Member(message, "timestamp")) {
    if (!time->IsNull() && (!time->IsString() || !ParseCommitTime(StringOf(*time), &out->timestamp_us))) {
      return report.Fail("'timestamp' is not a time with zone like \"2024-02-29 13:45:12.5+00\"");
    }
  }
  return ReadLsn(message, "lsn", &out->lsn, report) && ReadLsn(message, "nextlsn", &out->next_lsn, report);
}

// RapidJSON refuses integers beyond double's range even when it keeps numbers as text, and
// numeric can hold 131072 digits. Quoting every number token makes such a message parseable;
// only messages RapidJSON rejected for that reason pay for the copy.
std::string QuoteNumbers(std::string_view json) {
  std::string quoted;
  quoted.reserve(json.size() + 64);
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      quoted += c;
      if (c == '\\' && i + 1 < json.size()) {
        quoted += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      quoted += '"';
      while (i < json.size() && std::string_view("0123456789+-.eE").find(json[i]) != std::string_view::npos) {
        quoted += json[i++];
      }
      quoted += '"';
      --i;
    } else {
      quoted += c;
      in_string = c == '"';
    }
  }
  return quoted;
}

void Reset(Wal2JsonChange* out) {
  out->action = 0;
  out->xid = -1;
  out->timestamp_us = 0;
  out->lsn = 0;
  out->next_lsn = 0;
  out->schema.clear();
  out->table.clear();
  out->columns.clear();
  out->identity.clear();
  out->pk.clear();
  out->transactional = false;
  out->prefix.clear();
  out->content.clear();
}

}  // namespace

bool DecodeWal2Json(std::string_view json, Wal2JsonChange* out, std::string* error) {
  Reset(out);
  ErrorReport report(*out, error);

  rapidjson::Document doc;
  doc.Parse<kParseFlags>(json.data(), json.size());
  std::string quoted;
  if (doc.HasParseError() && doc.GetParseError() == rapidjson::kParseErrorNumberTooBig) {
    quoted = QuoteNumbers(json);
    doc.Parse<kParseFlags>(quoted.data(), quoted.size());
  }
  if (doc.HasParseError()) {
    return report.Fail(std::string("malformed JSON at byte ") + std::to_string(doc.GetErrorOffset()) + " of " +
                       std::to_string(quoted.empty() ? json.size() : quoted.size()) +
                       (quoted.empty() ? "" : " (its numbers quoted)") + ": " +
                       rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return report.Fail(std::string("the message is ") + KindOf(doc) + ", not an object");

  const Json* action = Member(doc, "action");
  if (action == nullptr) return report.Fail("'action' is missing");
  if (!action->IsString() || action->GetStringLength() != 1 ||
      std::string_view("BCIUDTM").find(action->GetString()[0]) == std::string_view::npos) {
    return report.Fail("'action' is not one of \"B\", \"C\", \"I\", \"U\", \"D\", \"T\", \"M\"");
  }
  out->action = action->GetString()[0];

  if (out->action == 'I' || out->action == 'U' || out->action == 'D' || out->action == 'T') {
    if (!ReadRequiredString(doc, "table", &out->table, report) ||
        !ReadOptionalString(doc, "schema", &out->schema, report)) {
      return false;
    }
  }
  if (!ReadTransactionFields(doc, out, report)) return false;

  switch (out->action) {
    case 'I':
      return ReadColumns(doc, "columns", true, &out->columns, report) && ReadPrimaryKey(doc, &out->pk, report);
    case 'U':
      return ReadColumns(doc, "columns", true, &out->columns, report) &&
             ReadColumns(doc, "identity", false, &out->identity, report) && ReadPrimaryKey(doc, &out->pk, report);
    case 'D':
      return ReadColumns(doc, "identity", true, &out->identity, report) && ReadPrimaryKey(doc, &out->pk, report);
    case 'M': {
      const Json* transactional = Member(doc, "transactional");
      if (transactional == nullptr || !transactional->IsBool()) {
        return report.Fail("'transactional' is missing or not a boolean");
      }
      out->transactional = transactional->GetBool();
      return ReadRequiredString(doc, "prefix", &out->prefix, report) &&
             ReadRequiredString(doc, "content", &out->content, report);
    }
    default:
      return true;  // B, C and T carry nothing beyond the fields read above
  }
}

}  // namespace pgcdc
}  // namespace connectd
