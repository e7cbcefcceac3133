// Remembers what a transform derived from an input schema (the output schema, plus whatever
// field mapping goes with it), so records sharing a schema reuse one derived schema instead of
// rebuilding it per record. Kafka's transforms keep the same kind of cache (an LRU of 16).
//
// Lookups go by the input schema's identity first (the hot path: one schema object shared by a
// stream of records), then by structural equality, so equal schemas that arrive as different
// objects still map to one derived schema. Entries hold the input SchemaPtr, which keeps it alive
// so an identity match can never hit a freed-and-reused address.
//
// Not thread-safe: each transform instance owns one and uses it on its task's thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "data/schema.h"

namespace connectd {

template <typename Derived>
class DerivedSchemaCache {
 public:
  static constexpr size_t kCapacity = 16;

  // The entry for `input`, or nullptr. The pointer is valid until the next Find or Put.
  const Derived* Find(const SchemaPtr& input) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].first == input) return &MoveToFront(i);
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].first->Equals(*input)) {
        Derived copy = entries_[i].second;
        return &Put(input, std::move(copy));
      }
    }
    return nullptr;
  }

  // Stores `derived` for `input` (evicting the least recently used entry when full) and returns
  // the stored entry, valid until the next Find or Put.
  const Derived& Put(SchemaPtr input, Derived derived) {
    if (entries_.size() == kCapacity) entries_.pop_back();
    entries_.insert(entries_.begin(), {std::move(input), std::move(derived)});
    return entries_.front().second;
  }

 private:
  const Derived& MoveToFront(size_t i) {
    if (i != 0)
      std::rotate(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(i),
                  entries_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return entries_.front().second;
  }

  std::vector<std::pair<SchemaPtr, Derived>> entries_;  // most recently used first
};

}  // namespace connectd
