#include "kamscore/output/display_width.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("output") {
TEST_CASE("display width counts terminal columns, not bytes") {
    CHECK(display_width("") == 0);
    CHECK(display_width("Muller") == 6);
    CHECK(display_width("Müller") == 6);           // precomposed ü
    CHECK(display_width("Mu\xCC\x88ller") == 6);   // u + combining diaeresis
    CHECK(display_width("東京") == 4);
    CHECK(display_width("ｶﾅ") == 2);               // halfwidth katakana
    CHECK(display_width("ＡＢ") == 4);             // fullwidth Latin
    CHECK(display_width("한국") == 4);
    CHECK(display_width("😀") == 2);
    CHECK(display_width("a\xFF" "b") == 3);        // a stray byte counts as one U+FFFD
}

TEST_CASE("invalid utf-8 decodes byte by byte") {
    CHECK(decode_utf8("\xC3\xBC", 0).value == U'ü');
    CHECK(decode_utf8("\xC3\xBC", 0).length == 2);
    CHECK(decode_utf8("\xC0\xAF", 0).length == 1);          // overlong
    CHECK(decode_utf8("\xED\xA0\x80", 0).value == 0xFFFD);  // surrogate
    CHECK(decode_utf8("\xE6\x9D", 0).length == 1);          // cut short
}

TEST_CASE("a prefix within a width keeps whole characters and their marks") {
    CHECK(prefix_within_width("Müller GmbH", 3) == "Mül");
    CHECK(prefix_within_width("東京都", 3) == "東");
    CHECK(prefix_within_width("Mu\xCC\x88ller", 2) == "Mu\xCC\x88");
    CHECK(prefix_within_width("abc", 10) == "abc");
    CHECK(prefix_within_width("abc", 0).empty());
}
}
