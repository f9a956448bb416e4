#include "kamscore/table/parse_value.hpp"

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <optional>
#include <string_view>
#include <utility>

using namespace kamscore;

namespace {

struct NumberCase {
    std::string_view text;
    char decimal;
    std::optional<double> expected;
};

constexpr std::optional<double> not_a_number = std::nullopt;

// "\xC2\xA0" is a no-break space, "\xE2\x80\xAF" a narrow one, "\xE2\x82\xAC" the euro sign.
const NumberCase number_cases[] = {
    {"1234.5", '.', 1234.5},
    {"1,234.5", '.', 1234.5},
    {"1,234,567.89", '.', 1234567.89},
    {"1.234.567,89", ',', 1234567.89},
    {"1234,5", ',', 1234.5},
    {"1.234", ',', 1234},
    {"1.234", '.', 1.234},
    {"1,234", '.', 1234},
    {"0.3", '.', 0.3},
    {".5", '.', 0.5},
    {"007", '.', 7},
    {"-5", '.', -5},
    {"+5", '.', 5},
    {"(5)", '.', -5},
    {"(1.234,50)", ',', -1234.5},
    {"12.345,67-", ',', -12345.67},
    {"EUR 1.200,00", ',', 1200},
    {"1.200 EUR", ',', 1200},
    {"1.200EUR", ',', 1200},
    {"eur 5", '.', 5},
    {"CHF 1'234.50", '.', 1234.5},
    {"1 200 \xE2\x82\xAC", ',', 1200},
    {"1\xC2\xA0" "200,50\xC2\xA0\xE2\x82\xAC", ',', 1200.5},
    {"1\xE2\x80\xAF" "200", ',', 1200},
    {"$1,200", '.', 1200},
    {"-$1,200.50", '.', -1200.5},
    {"$-5", '.', -5},
    {"\xC2\xA3" "99", '.', 99},
    {"EUR -1.200,00", ',', -1200},
    {"(1.200 \xE2\x82\xAC)", ',', -1200},
    {"12,5 %", ',', 12.5},
    {"12.5%", '.', 12.5},
    {"  42  ", '.', 42},
    {"\xC2\xA0" "42\xC2\xA0", '.', 42},
    {"1e6", '.', 1e6},
    {"1.5E-3", '.', 1.5e-3},
    {"1,5E-3", ',', 1.5e-3},
    {"2e+2", '.', 200},
    {"0", '.', 0},
    {"(0)", '.', 0},
    {"1,5", '.', not_a_number},
    {"0,5", '.', not_a_number},
    {"1.5", ',', not_a_number},
    {"1,234,567", ',', not_a_number},
    {"1.2.3", '.', not_a_number},
    {"1,23,456", '.', not_a_number},
    {"1234,567.8", '.', not_a_number},
    {"1,234.567,8", '.', not_a_number},
    {"1 234,567.8", '.', not_a_number},
    {",5", '.', not_a_number},
    {"5.", '.', not_a_number},
    {"1,5 Mio. \xE2\x82\xAC", ',', not_a_number},
    {"1.2M", '.', not_a_number},
    {"5k", '.', not_a_number},
    {"12a", '.', not_a_number},
    {"abc", '.', not_a_number},
    {"inf", '.', not_a_number},
    {"nan", '.', not_a_number},
    {"-inf", '.', not_a_number},
    {"0x1A", '.', not_a_number},
    {"", '.', not_a_number},
    {"   ", '.', not_a_number},
    {"-", '.', not_a_number},
    {"EUR", '.', not_a_number},
    {"%", '.', not_a_number},
    {"--5", '.', not_a_number},
    {"-5-", '.', not_a_number},
    {"-(5)", '.', not_a_number},
    {"(5", '.', not_a_number},
    {"5)", '.', not_a_number},
    {"5 \xE2\x82\xAC %", '.', not_a_number},
    {"EUR 5 USD", '.', not_a_number},
    {"1e", '.', not_a_number},
    {"1e5.5", '.', not_a_number},
    {"e5", '.', not_a_number},
    {"1,234e5", '.', not_a_number},
    {"1e999", '.', not_a_number},
    {"1  200", '.', not_a_number},
    {"12 5", '.', not_a_number},
};

}  // namespace

TEST_SUITE("table") {
TEST_CASE("numbers are read as exports write them, and anything ambiguous is refused") {
    for (const auto& c : number_cases) {
        CAPTURE(c.text);
        CAPTURE(c.decimal);
        const auto parsed = parse_number(c.text, NumberFormat{c.decimal});
        CHECK(parsed == c.expected);
    }
}

TEST_CASE("numbers are correctly rounded and never negative zero") {
    CHECK(parse_number("0.1", NumberFormat{'.'}) == 0.1);
    CHECK(parse_number("2,675", NumberFormat{','}) == 2.675);
    CHECK(parse_number("9007199254740993", NumberFormat{'.'}) == 9007199254740992.0);
    CHECK_FALSE(std::signbit(*parse_number("(0)", NumberFormat{'.'})));
    CHECK_FALSE(std::signbit(*parse_number("0,00-", NumberFormat{','})));
}

TEST_CASE("bool words are matched ignoring case and surrounding spaces") {
    const BoolWords words;
    CHECK(parse_bool("true", words) == true);
    CHECK(parse_bool(" Yes ", words) == true);
    CHECK(parse_bool("JA", words) == true);
    CHECK(parse_bool("x", words) == true);
    CHECK(parse_bool("1", words) == true);
    CHECK(parse_bool("Nein", words) == false);
    CHECK(parse_bool("0", words) == false);
    CHECK(parse_bool("FALSCH", words) == false);
    CHECK(parse_bool("maybe", words) == std::nullopt);
    CHECK(parse_bool("", words) == std::nullopt);
    BoolWords custom;
    custom.true_words = {"aktiv"};
    custom.false_words = {"inaktiv"};
    CHECK(parse_bool("Aktiv", custom) == true);
    CHECK(parse_bool("yes", custom) == std::nullopt);
}

TEST_CASE("dates are ISO or German by default, with a time of day dropped") {
    const double new_year_eve = days_from_civil(2024, 12, 31);
    CHECK(parse_date("2024-12-31") == new_year_eve);
    CHECK(parse_date("31.12.2024") == new_year_eve);
    CHECK(parse_date("2024-12-31T10:00:00") == new_year_eve);
    CHECK(parse_date("2024-12-31 10:00") == new_year_eve);
    CHECK(parse_date("2024-12-31T10:00:00.123+01:00") == new_year_eve);
    CHECK(parse_date("2024-12-31T23:59:59Z") == new_year_eve);
    CHECK(parse_date("31.12.2024 09:30") == new_year_eve);
    CHECK(parse_date(" 1.2.2024 ") == days_from_civil(2024, 2, 1));
    CHECK(parse_date("1970-01-01") == 0);
    CHECK(parse_date("2024-02-29") == days_from_civil(2024, 2, 29));
}

TEST_CASE("invalid dates and other text are not dates") {
    for (const std::string_view text : {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-12-00",
                                        "31.12.24", "2024-12-31x", "2024-12-31T", "2024-12-31T25:00",
                                        "12/31/2024", "", "today", "20241231", "2024-12-31 10"}) {
        CAPTURE(text);
        CHECK(parse_date(text) == std::nullopt);
    }
}

TEST_CASE("a date format names where year, month and day stand") {
    CHECK(parse_date("31/12/2024", "%d/%m/%Y") == days_from_civil(2024, 12, 31));
    CHECK(parse_date("12/31/2024", "%m/%d/%Y") == days_from_civil(2024, 12, 31));
    CHECK(parse_date("20241231", "%Y%m%d") == days_from_civil(2024, 12, 31));
    CHECK(parse_date("2024-12-31", "%d/%m/%Y") == std::nullopt);
    CHECK(parse_date("31/02/2024", "%d/%m/%Y") == std::nullopt);
    CHECK(parse_date("100% 2024", "100%% %Y") == std::nullopt);
    CHECK(parse_date("31/12/2024", "%d/%m/%y") == std::nullopt);
}

TEST_CASE("blank cells hold only spaces") {
    CHECK(is_blank(""));
    CHECK(is_blank("   "));
    CHECK(is_blank(" \t\xC2\xA0 "));
    CHECK_FALSE(is_blank(" 0 "));
    CHECK_FALSE(is_blank("-"));
}
}

TEST_SUITE("table") {
TEST_CASE("plain decimals parse exactly as from_chars does (the fast path is correctly rounded)") {
    std::uint64_t state = 12345;
    auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
    for (int i = 0; i < 200000; ++i) {
        std::string text = (next() >> 63) ? "-" : "";
        const int whole = static_cast<int>(next() >> 60) % 10 + 1;
        const int fraction = static_cast<int>(next() >> 60) % 8;
        for (int d = 0; d < whole; ++d) text += static_cast<char>('0' + (next() >> 40) % 10);
        if (fraction) {
            text += '.';
            for (int d = 0; d < fraction; ++d) text += static_cast<char>('0' + (next() >> 40) % 10);
        }
        double expected = 0;
        std::from_chars(text.data(), text.data() + text.size(), expected);
        if (expected == 0) expected = 0.0;
        auto parsed = kamscore::parse_number(text, kamscore::NumberFormat{'.'});
        REQUIRE(parsed.has_value());
        REQUIRE_MESSAGE(*parsed == expected, text);
    }
}
}

TEST_CASE("plain decimals read eight digits at a time exactly as one at a time, whatever follows them") {
    // The reading these must agree with: sign, digits, one decimal mark, digits, nothing else.
    const auto one_at_a_time = [](std::string_view text, char decimal) -> std::optional<std::pair<double, int>> {
        std::size_t i = text.substr(0, 1) == "-" ? 1 : 0;
        std::string digits;
        std::size_t whole = 0, fraction = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++], ++whole;
        if (whole == 0) return std::nullopt;
        if (i < text.size()) {
            if (text[i++] != decimal) return std::nullopt;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++], ++fraction;
            if (i != text.size() || fraction == 0) return std::nullopt;
        }
        if (whole + fraction > 15) return std::nullopt;
        double value = static_cast<double>(std::stoull(digits));
        for (std::size_t f = 0; f < fraction; ++f) value /= 10;   // only compared when exact below
        return std::pair{value, static_cast<int>(fraction)};
    };
    // Digits mostly, and every kind of byte that ends a run of them: the marks, a sign, a
    // space, the bytes next to '0' and '9' (/ and :), a letter, a NUL and UTF-8 bytes.
    const std::string alphabet = std::string("0123456789012345678901234567890123456789.,-/: a\xC2\xA0\xFF") + '\0';
    std::uint64_t state = 777;
    auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
    // The cell sits inside a longer buffer, as in a record: bytes after its end must not count.
    std::string buffer;
    for (int i = 0; i < 300000; ++i) {
        const std::size_t size = (next() >> 59) % 24;
        buffer.clear();
        for (std::size_t b = 0; b < size + 8; ++b) buffer += alphabet[(next() >> 33) % alphabet.size()];
        const std::string_view cell = std::string_view(buffer).substr(0, size);
        const char decimal = (next() >> 63) ? '.' : ',';
        CAPTURE(cell);
        int fraction_digits = -1;
        double value = 0;
        const bool read = parse_plain_decimal(cell, decimal, value, fraction_digits);
        const auto expected = one_at_a_time(cell, decimal);
        REQUIRE(read == expected.has_value());
        if (!read) continue;
        CHECK(fraction_digits == expected->second);
        CHECK_FALSE(std::signbit(value) != (cell[0] == '-' && expected->first != 0));
        if (expected->second == 0) CHECK(std::abs(value) == expected->first);
        else CHECK(std::abs(value) == doctest::Approx(expected->first));
    }
}

TEST_CASE("missing words match the whole trimmed cell, ignoring ASCII case only") {
    const std::vector<std::string> words{"k.A.", "n/a", "-", "\xE2\x80\x94" /* — */, "keine Angabe", "?"};
    CHECK(is_missing_word("k.A.", words));
    CHECK(is_missing_word("  K.A. ", words));
    CHECK(is_missing_word("N/A", words));
    CHECK(is_missing_word("\xC2\xA0-\t", words));   // a no-break space and a tab around it
    CHECK(is_missing_word("\xE2\x80\x94", words));
    CHECK(is_missing_word("KEINE ANGABE", words));
    CHECK(is_missing_word("?", words));
    CHECK_FALSE(is_missing_word("k.A", words));
    CHECK_FALSE(is_missing_word("keine  Angabe", words));
    CHECK_FALSE(is_missing_word("-5", words));
    CHECK_FALSE(is_missing_word("", words));
    CHECK_FALSE(is_missing_word("-", {}));
    CHECK(is_missing_word("\xC3\xA4", {"\xC3\xA4"}));          // ä matches itself ...
    CHECK_FALSE(is_missing_word("\xC3\x84", {"\xC3\xA4"}));    // ... but not Ä
}
