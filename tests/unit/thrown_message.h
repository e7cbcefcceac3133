// Test helper shared by the host's and the plugins' unit tests: the message of what a call
// throws, to compare error texts exactly.
#pragma once

#include <exception>
#include <functional>
#include <string>

namespace connectd {
namespace testing {

// what() of the std::exception `call` throws; "(nothing thrown)" when it returns.
inline std::string ThrownMessage(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

}  // namespace testing
}  // namespace connectd
