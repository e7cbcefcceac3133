// CreateConverter and ConverterClassNames (declared in converters/converter.h): the converters
// the host provides, found by Kafka class name or by Kafka's plugin aliases (the simple class
// name, "JsonConverter", and that name without "Converter", "Json").
#include <functional>

#include "converters/byte_array_converter.h"
#include "converters/converter.h"
#include "converters/json_converter.h"
#include "converters/string_converter.h"

namespace connectd {

namespace {

struct ConverterEntry {
  const char* class_name;
  const char* simple_name;
  const char* pruned_name;
  std::function<std::unique_ptr<Converter>()> create;
};

const std::vector<ConverterEntry>& Entries() {
  static const std::vector<ConverterEntry> entries = {
      {JsonConverter::kClassName, "JsonConverter", "Json", [] { return std::make_unique<JsonConverter>(); }},
      {StringConverter::kClassName, "StringConverter", "String", [] { return std::make_unique<StringConverter>(); }},
      {ByteArrayConverter::kClassName, "ByteArrayConverter", "ByteArray",
       [] { return std::make_unique<ByteArrayConverter>(); }},
  };
  return entries;
}

}  // namespace

Status CreateConverter(const std::string& class_name, std::unique_ptr<Converter>* out) {
  for (const ConverterEntry& e : Entries()) {
    if (class_name == e.class_name || class_name == e.simple_name || class_name == e.pruned_name) {
      *out = e.create();
      return Status::OK();
    }
  }
  std::string known;
  for (const ConverterEntry& e : Entries()) known += (known.empty() ? "" : ", ") + std::string(e.class_name);
  return Status::NotFound("unknown converter class '" + class_name + "'; known converters: " + known);
}

std::vector<std::string> ConverterClassNames() {
  std::vector<std::string> names;
  for (const ConverterEntry& e : Entries()) names.emplace_back(e.class_name);
  return names;
}

}  // namespace connectd
