#include "output/utf8_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kamscore;

namespace {
std::string repaired(std::string_view text) {
    std::string out;
    append_valid_utf8(out, text);
    return out;
}
}  // namespace

TEST_SUITE("output") {
TEST_CASE("valid utf-8 passes unchanged, every bad byte becomes U+FFFD") {
    CHECK(is_valid_utf8("Müller 株式会社 \xEF\xBF\xBD"));
    CHECK(repaired("Müller") == "Müller");
    CHECK(!is_valid_utf8("M\xFCller"));                        // Windows-1252 ü
    CHECK(repaired("M\xFCller") == "M\xEF\xBF\xBDller");
    CHECK(repaired("\xC3") == "\xEF\xBF\xBD");                 // cut short at the end
    CHECK(repaired("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    CHECK(repaired("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST_CASE("a prefix counted in utf-16 units keeps whole code points") {
    CHECK(prefix_within_utf16_units("abc", 2) == "ab");
    CHECK(prefix_within_utf16_units("äöü", 2) == "äö");
    CHECK(prefix_within_utf16_units("a\xF0\x9F\x98\x80", 2) == "a");   // an emoji takes two units
    CHECK(prefix_within_utf16_units("a\xF0\x9F\x98\x80", 3) == "a\xF0\x9F\x98\x80");
    CHECK(prefix_within_utf16_units("", 5) == "");
}
}
