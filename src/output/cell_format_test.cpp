#include "kamscore/output/cell_format.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace kamscore;

namespace {

std::string number(double value, int decimals) {
    char out[max_cell_chars];
    return std::string(out, format_number(out, value, decimals));
}

std::string date(double days) {
    char out[max_cell_chars];
    return std::string(out, format_date_cell(out, days));
}

// What a spreadsheet shows with `decimals` decimals: the value to 15 significant digits (printf),
// rounded half away from zero, written out digit by digit. Independent of format_number's paths.
std::string reference_fixed(double value, int decimals) {
    char scientific[64];
    std::snprintf(scientific, sizeof scientific, "%.14e", std::fabs(value));   // d.dddddddddddddde+XX
    std::string mantissa(15, '0');
    mantissa[0] = scientific[0];
    std::copy(scientific + 2, scientific + 16, mantissa.begin() + 1);
    const int exponent = std::atoi(scientific + 17);
    // Digits of value * 10^decimals: the mantissa with its point moved, zeros where it has none.
    const int whole_digits = exponent + 1 + decimals;   // digits before the rounding point
    // One leading zero for a carry, then the digits, at least decimals + 1 of them.
    const int count = std::max(whole_digits, decimals + 1);
    std::vector<char> digits(static_cast<std::size_t>(count) + 1, '0');
    for (int i = 0; i < whole_digits; ++i)
        if (i < 15) digits[static_cast<std::size_t>(count - whole_digits + i + 1)] = mantissa[static_cast<std::size_t>(i)];
    if (whole_digits >= 0 && whole_digits < 15 && mantissa[static_cast<std::size_t>(whole_digits)] >= '5') {
        std::size_t i = digits.size();
        while (digits[i - 1] == '9') digits[--i] = '0';
        ++digits[i - 1];
    }
    std::size_t first = 0;
    while (first + 1 < digits.size() - static_cast<std::size_t>(decimals) && digits[first] == '0') ++first;
    const std::string all(digits.begin() + static_cast<std::ptrdiff_t>(first), digits.end());
    const std::string& digits_text = all;
    const std::size_t point = digits_text.size() - static_cast<std::size_t>(decimals);
    std::string text = value < 0 ? "-" : "";
    text.append(digits_text, 0, point);
    if (decimals > 0) {
        text.push_back('.');
        text.append(digits_text, point, std::string::npos);
    }
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

}  // namespace

TEST_SUITE("output") {
TEST_CASE("numbers with decimals are written in fixed notation") {
    CHECK(number(3, 0) == "3");
    CHECK(number(2.5, 0) == "3");  // half away from zero, as spreadsheets show it
    CHECK(number(-2.5, 0) == "-3");
    CHECK(number(6.175, 2) == "6.18");   // 6.17499999999999982 in binary; to_chars: "6.17"
    CHECK(number(1.005, 2) == "1.01");
    CHECK(number(9.995, 2) == "10.00");
    CHECK(number(-0.005, 2) == "-0.01");
    CHECK(number(3.14159, 2) == "3.14");
    CHECK(number(91.2, 2) == "91.20");
    CHECK(number(-5, 2) == "-5.00");
    CHECK(number(0.125, 2) == "0.13");
    CHECK(number(0.375, 2) == "0.38");
    CHECK(number(1e20, 1) == "100000000000000000000.0");
    CHECK(number(1234567.891, 3) == "1234567.891");
}

TEST_CASE("negative zero is written without a sign, also after rounding") {
    CHECK(number(-0.0, -1) == "0");
    CHECK(number(-0.0, 2) == "0.00");
    CHECK(number(-0.001, 2) == "0.00");
    CHECK(number(-0.001, 0) == "0");
    CHECK(number(-1e-300, 30) == "0.000000000000000000000000000000");
}

TEST_CASE("shortest numbers read back exactly and whole numbers stay integers") {
    CHECK(number(1000000, -1) == "1000000");
    CHECK(number(-42, -1) == "-42");
    CHECK(number(0.1, -1) == "0.1");
    CHECK(number(1.0 / 3, -1) == "0.333333333333333");
    CHECK(number(0.00001, -1) == "0.00001");
    CHECK(number(123456789012.5, -1) == "123456789012.5");
    CHECK(number(999999999999999, -1) == "999999999999999");
    CHECK(number(1e15, -1) == "1e+15");
    CHECK(number(1e-7, -1) == "1e-07");
}

TEST_CASE("computed values are written without the float noise of their last digits") {
    CHECK(number(0.1 + 0.2, -1) == "0.3");
    CHECK(number(1146746.76 + 1e-10, -1) == "1146746.76");
    CHECK(number(20000.0 / 3, -1) == "6666.66666666667");  // 15 significant digits, rounded
    CHECK(number(-0.30000000000000004, -1) == "-0.3");
    CHECK(number(9.9999999999999998, -1) == "10");
    CHECK(number(0.00012345678901234567, -1) == "0.000123456789012346");
}

TEST_CASE("values with at most 15 significant digits are written as they were read") {
    std::mt19937_64 random(20261202);
    std::uniform_int_distribution<long long> mantissa(1, 999999999999999LL);
    std::uniform_int_distribution<int> exponent(-19, 0);
    for (int i = 0; i < 100000; ++i) {
        const std::string written = std::to_string(mantissa(random)) + "e" + std::to_string(exponent(random));
        double value = 0;
        std::from_chars(written.data(), written.data() + written.size(), value);
        if (std::fabs(value) < 1e-5) continue;
        const std::string text = number(value, -1);
        double read_back = 0;
        std::from_chars(text.data(), text.data() + text.size(), read_back);
        REQUIRE_MESSAGE(read_back == value, written, " came out as ", text);
    }
}

TEST_CASE("fixed notation is the 15-digit value rounded half away from zero, as a spreadsheet shows it") {
    std::mt19937_64 random(20240531);
    std::uniform_real_distribution<double> magnitude(-8, 14);
    std::uniform_int_distribution<int> decimals(0, 6);
    for (int i = 0; i < 200000; ++i) {
        const double value = std::pow(10.0, magnitude(random)) * (i % 2 ? -1 : 1);
        const int d = decimals(random);
        const std::string expected = reference_fixed(value, d);
        REQUIRE_MESSAGE(number(value, d) == expected, value, " with ", d, " decimals");
    }
    // Values whose decimal text is a rounding tie, e.g. x.xx5: in binary a little above or below.
    for (int cents = 0; cents < 100000; ++cents) {
        const double value = cents / 1000.0;
        REQUIRE(number(value, 2) == reference_fixed(value, 2));
    }
}

TEST_CASE("dates are written as ISO days") {
    CHECK(date(0) == "1970-01-01");
    CHECK(date(20088) == "2024-12-31");
    CHECK(date(-1) == "1969-12-31");
    CHECK(date(std::numeric_limits<double>::quiet_NaN()).empty());
    CHECK(date(1e300).empty());
}

TEST_CASE("formula starts are the OWASP list") {
    for (std::string_view text : {"=SUM(A1)", "+1", "-5", "@x", "\tx", "\rx", "\nx"})
        CHECK_MESSAGE(starts_like_formula(text), text);
    for (std::string_view text : {"", "a=b", " =x", "'=x", "5"}) CHECK_MESSAGE(!starts_like_formula(text), text);
}

TEST_CASE("numbers in text cells are never neutralised, formulas that start like numbers are") {
    for (std::string_view text : {"-1200.50", "+3", "-1.234,5", "-2e-3", "-0", "+1E+10"}) {
        CHECK_MESSAGE(is_number_text(text), text);
        CHECK_MESSAGE(!needs_neutralising(text), text);
    }
    for (std::string_view text : {"-", "-1+1", "-2+3+cmd|' /C calc'!A0", "+49 30 1234", "-1.", "-.5", "-1e", "-5%", "-1,2,"}) {
        CHECK_MESSAGE(!is_number_text(text), text);
        CHECK_MESSAGE(needs_neutralising(text), text);
    }
}
}
