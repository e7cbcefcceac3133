#include "java_text.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

using namespace connectd::file;

namespace {
std::string D(double v) {
  std::string s;
  AppendJavaDouble(v, &s);
  return s;
}
std::string F(float v) {
  std::string s;
  AppendJavaFloat(v, &s);
  return s;
}
std::string Date(int64_t ms) {
  std::string s;
  AppendJavaDate(ms, &s);
  return s;
}
std::string Dec(std::string bytes, int32_t scale) {
  std::string s;
  AppendJavaBigDecimal(bytes, scale, &s);
  return s;
}
}  // namespace

TEST_CASE("Double.toString layout") {
  CHECK(D(1.0) == "1.0");
  CHECK(D(100.0) == "100.0");
  CHECK(D(12.5) == "12.5");
  CHECK(D(-3.25) == "-3.25");
  CHECK(D(0.1) == "0.1");
  CHECK(D(0.001) == "0.001");
  CHECK(D(0.0001) == "1.0E-4");
  CHECK(D(9999999.0) == "9999999.0");
  CHECK(D(1e7) == "1.0E7");
  CHECK(D(1.2345e10) == "1.2345E10");
  CHECK(D(-1.5e-10) == "-1.5E-10");
  CHECK(D(1.0 / 3.0) == "0.3333333333333333");
  CHECK(D(9.223372036854776E18) == "9.223372036854776E18");
  CHECK(D(0.0) == "0.0");
  CHECK(D(-0.0) == "-0.0");
  CHECK(D(std::nan("")) == "NaN");
  CHECK(D(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(D(-std::numeric_limits<double>::infinity()) == "-Infinity");
}

TEST_CASE("Float.toString uses the shortest float digits") {
  CHECK(F(0.1f) == "0.1");
  CHECK(F(1.1f) == "1.1");
  CHECK(F(1e10f) == "1.0E10");
  CHECK(F(3.4028235e38f) == "3.4028235E38");
  CHECK(F(-2.5f) == "-2.5");
}

TEST_CASE("java.util.Date.toString in UTC") {
  CHECK(Date(0) == "Thu Jan 01 00:00:00 UTC 1970");
  CHECK(Date(-1) == "Wed Dec 31 23:59:59 UTC 1969");
  CHECK(Date(1700000000000) == "Tue Nov 14 22:13:20 UTC 2023");
  CHECK(Date(951782400000) == "Tue Feb 29 00:00:00 UTC 2000");
  CHECK(Date(37800000) == "Thu Jan 01 10:30:00 UTC 1970");
}

TEST_CASE("BigDecimal.toString of a Connect Decimal") {
  CHECK(Dec(std::string("\x04\xD2", 2), 2) == "12.34");
  CHECK(Dec(std::string("\xFB\x2E", 2), 2) == "-12.34");
  CHECK(Dec("", 0) == "0");
  CHECK(Dec(std::string("\x00", 1), 2) == "0.00");
  CHECK(Dec("\x01", 6) == "0.000001");
  CHECK(Dec("\x01", 7) == "1E-7");
  CHECK(Dec("\x7B", -2) == "1.23E+4");
  CHECK(Dec("\x7B", 0) == "123");
  CHECK(Dec("\xFF", 1) == "-0.1");
  CHECK(Dec("\x80", 0) == "-128");
  CHECK(Dec(std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9), 0) == "18446744073709551616");
  CHECK(Dec(std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9), 10) == "1844674407.3709551616");
  CHECK(Dec(std::string("\x00\xFF", 2), 0) == "255");
}
