#include "kamscore/table/join_key.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

namespace {

std::optional<std::string> normalized(const KeyNormalization& how, std::string_view raw) {
    KeyNormalizer normalizer(how);
    std::string scratch;
    auto key = normalizer.normalize(raw, scratch);
    if (!key) return std::nullopt;
    return std::string(*key);
}

}  // namespace

TEST_CASE("join keys are trimmed, and blank keys are none") {
    KeyNormalization plain;
    CHECK(normalized(plain, "  K-12\t") == "K-12");
    CHECK(normalized(plain, "K-12") == "K-12");
    CHECK_FALSE(normalized(plain, "   ").has_value());
    CHECK_FALSE(normalized(plain, "").has_value());
}

TEST_CASE("strip_zeros removes leading zeros but keeps a lone zero") {
    KeyNormalization zeros;
    zeros.strip_zeros = true;
    CHECK(normalized(zeros, "0004711") == "4711");
    CHECK(normalized(zeros, " 4711 ") == "4711");
    CHECK(normalized(zeros, "000") == "0");
    CHECK(normalized(zeros, "0A10") == "A10");
}

TEST_CASE("strip_zeros takes spaces inside the padding with it, so a normalised key is its own key") {
    KeyNormalization zeros;
    zeros.strip_zeros = true;
    CHECK(normalized(zeros, "00 4711") == "4711");
    CHECK(normalized(zeros, "0 0\t1") == "1");
    CHECK(normalized(zeros, "0 0") == "0");
    CHECK(normalized(zeros, "4711 00") == "4711 00");
    // Found by fuzz_join: "0 1" became " 1", which normalised again to "1".
    for (std::string_view raw : {"0 1\xf9", "00 4711", "0 0 1", " 0\t0 ", "0A 1"}) {
        CAPTURE(raw);
        const auto once = normalized(zeros, raw);
        REQUIRE(once.has_value());
        CHECK(normalized(zeros, *once) == once);
    }
}

TEST_CASE("letter case is changed for ASCII letters only") {
    KeyNormalization lower;
    lower.letter_case = KeyNormalization::LetterCase::Lower;
    CHECK(normalized(lower, "AbC-Ä") == "abc-Ä");
    KeyNormalization upper;
    upper.letter_case = KeyNormalization::LetterCase::Upper;
    CHECK(normalized(upper, "k-12") == "K-12");
}

TEST_CASE("a pattern's first group is the key; a key it does not match has none") {
    KeyNormalization pattern;
    pattern.pattern = "^D-0*(\\d+)$";
    CHECK(normalized(pattern, "D-000123") == "123");
    CHECK(normalized(pattern, " D-5 ") == "5");
    CHECK_FALSE(normalized(pattern, "X-5").has_value());
    CHECK_FALSE(normalized(pattern, "D-").has_value());
    pattern.letter_case = KeyNormalization::LetterCase::Upper;
    pattern.pattern = "^(?:crm-)?([a-z0-9]+)$";
    CHECK(normalized(pattern, "crm-ab1") == "AB1");
    CHECK(normalized(pattern, "ab1") == "AB1");
}

TEST_CASE("a customer's key is normalised without the pattern") {
    KeyNormalization how;
    how.pattern = "^K-0*(\\d+)$";
    how.strip_zeros = true;
    KeyNormalizer normalizer(how);
    std::string scratch;
    CHECK(normalizer.normalize("K-0042", scratch) == std::optional<std::string_view>("42"));
    CHECK(normalizer.normalize(" 0042 ", scratch, false) == std::optional<std::string_view>("42"));
    CHECK_FALSE(normalizer.normalize("0042", scratch).has_value());
}

TEST_CASE("check_key_pattern wants a valid regex with a group") {
    CHECK(check_key_pattern("^0*(\\d+)$").empty());
    CHECK(check_key_pattern("^0*\\d+$").find("no group") != std::string::npos);
    CHECK(check_key_pattern("^0*(\\d+$").find("not a valid") != std::string::npos);
}

TEST_CASE("match_pattern takes the customer's key apart as pattern takes the source's") {
    KeyNormalization normalization;
    normalization.strip_zeros = true;
    normalization.pattern = "^D-(\\d+)$";
    normalization.match_pattern = "^C0*(\\d+)$";
    const KeyNormalizer normalizer(normalization);
    std::string scratch;
    CHECK(normalizer.normalize("D-0000000123", scratch) == std::optional<std::string_view>("123"));
    CHECK(normalizer.normalize("C0000123", scratch, false) == std::optional<std::string_view>("123"));
    CHECK_FALSE(normalizer.normalize("C0000123", scratch).has_value());       // the source's pattern
    CHECK_FALSE(normalizer.normalize("0000123", scratch, false).has_value()); // no C: no key
}
