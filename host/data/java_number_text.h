// The text Java prints for floating-point numbers, which Jackson (so Kafka's JsonConverter) and
// Kafka's StringConverter and Struct.toString all use: Double.toString / Float.toString as in
// JDK 19 and later (the shortest decimal that reads back to the same value): 1.0, 100.0, 1.0E7,
// 1.234E-5, 4.9E-324, NaN, Infinity. Pure functions; any thread may call them.
#pragma once

#include <cstddef>
#include <string>

namespace connectd {

// The most characters FormatJavaNumber writes.
inline constexpr size_t kJavaNumberTextMax = 48;

// Writes the text to `out` (at least kJavaNumberTextMax bytes, not NUL-terminated) and returns
// its length. The float overload follows Float.toString (0.1f is "0.1").
size_t FormatJavaNumber(double value, char* out);
size_t FormatJavaNumber(float value, char* out);
std::string JavaDoubleToString(double value);
std::string JavaFloatToString(float value);

}  // namespace connectd
