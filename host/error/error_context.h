// ErrorContext: where an error happened, so every message can name the connector, task, topic,
// partition and offset it is about (the fields that are unknown are left out of Describe()).
#pragma once

#include <cstdint>
#include <string>

namespace connectd {

struct ErrorContext {
  std::string connector;
  int32_t task = -1;
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;

  // "connector 'x' task 2, topic 't' partition 0 offset 17"; empty when nothing is known.
  std::string Describe() const {
    std::string out;
    auto add = [&out](const std::string& part) {
      if (!out.empty()) out += ", ";
      out += part;
    };
    if (!connector.empty()) add("connector '" + connector + "'" + (task >= 0 ? " task " + std::to_string(task) : ""));
    if (!topic.empty()) {
      std::string t = "topic '" + topic + "'";
      if (partition >= 0) t += " partition " + std::to_string(partition);
      if (offset >= 0) t += " offset " + std::to_string(offset);
      add(t);
    }
    return out;
  }
};

}  // namespace connectd
