#include "kamscore/output/cell_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "kamscore/table/parse_value.hpp"

namespace kamscore {

namespace {

constexpr double powers_of_ten[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
constexpr std::uint64_t integer_powers_of_ten[] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL};

// Below this, doubles are exact integers with room to spare and int64 holds them.
constexpr double plain_integer_limit = 1e15;

char* write_unsigned(char* out, std::uint64_t value) {
    return std::to_chars(out, out + 20, value).ptr;
}

// Fixed notation rounds as a spreadsheet shows a number: the value's text of at most 15
// significant digits (see format_number with decimals < 0), rounded half away from zero. So
// 6.175, which is 6.17499999999999982 in binary, is written "6.18", as Excel and LibreOffice
// show it with two decimals and as the score's own rounding (std::round) takes it; to_chars
// would write "6.17", and the workbook and the CSV of one run would disagree.
//
// std::to_chars(fixed, decimals) costs ~50 ns a cell, a third of a CSV row's budget. For the
// usual magnitudes, value * 10^decimals rounded to an integer gives the same digits: the
// product is off by at most half an ulp, which changes the rounding only when it lies that
// close to a half-integer. Those cases (and exact ties) go to to_chars.
bool try_fast_fixed(char*& out, double value, int decimals) {
    if (decimals > 15) return false;
    const double scaled = value * powers_of_ten[decimals];
    const double magnitude = std::fabs(scaled);
    if (!(magnitude < plain_integer_limit)) return false;
    const auto whole = static_cast<std::uint64_t>(magnitude);
    const double fraction = magnitude - static_cast<double>(whole);  // exact below 2^52
    // Wide enough to leave every value whose 15-digit text is a tie to fixed_from_15_digits.
    const double margin = magnitude * 0x1p-46 + 0x1p-60;
    if (std::fabs(fraction - 0.5) <= margin) return false;
    const std::uint64_t rounded = whole + (fraction > 0.5 ? 1 : 0);
    if (rounded != 0 && value < 0) *out++ = '-';
    const std::uint64_t unit = integer_powers_of_ten[decimals];
    out = write_unsigned(out, rounded / unit);
    if (decimals > 0) {
        *out++ = '.';
        std::uint64_t fraction_digits = rounded % unit;
        for (int i = decimals - 1; i >= 0; --i) {
            out[i] = static_cast<char>('0' + fraction_digits % 10);
            fraction_digits /= 10;
        }
        out += decimals;
    }
    return true;
}

// "-0.00" -> "0.00": a value that rounds to zero has no sign worth showing.
char* drop_sign_of_zero(char* first, char* last) {
    if (first == last || *first != '-') return last;
    for (const char* p = first + 1; p != last; ++p)
        if (*p != '0' && *p != '.') return last;
    std::memmove(first, first + 1, static_cast<std::size_t>(last - first - 1));
    return last - 1;
}

// A double carries 15 to 17 significant decimal digits. Text with at most 15 reads back
// exactly, so a value read from a file never needs more; the 16th and 17th digits of a computed
// value (1146746.7600000002 for a sum of revenues) are rounding noise of the arithmetic.
// Spreadsheets show 15 digits for the same reason.
constexpr int max_significant_digits = 15;

int significant_digits(const char* first, const char* last) {
    while (first != last && (*first == '-' || *first == '0' || *first == '.')) ++first;
    int digits = 0;
    for (; first != last; ++first)
        if (*first != '.') ++digits;
    return digits;
}

// Fixed notation with 15 significant digits, trailing zeros of the fraction dropped.
char* without_noise(char* out, char* end_of_room, double value, double magnitude) {
    const int decimals = max_significant_digits - 1 - static_cast<int>(std::floor(std::log10(magnitude)));
    char* last = std::to_chars(out, end_of_room, value, std::chars_format::fixed, decimals).ptr;
    if (std::memchr(out, '.', static_cast<std::size_t>(last - out)) != nullptr) {
        while (last[-1] == '0') --last;
        if (last[-1] == '.') --last;
    }
    return drop_sign_of_zero(out, last);
}

/// The shortest text that reads back as `value`, at most 15 significant digits (format_number
/// with decimals < 0).
char* format_shortest(char* out, double value) {
    char* const end_of_room = out + max_cell_chars;
    const double magnitude = std::fabs(value);
    if (magnitude < plain_integer_limit) {
        const auto whole = static_cast<std::int64_t>(value);
        if (static_cast<double>(whole) == value) return std::to_chars(out, end_of_room, whole).ptr;
        if (magnitude >= 1e-5) {
            char* last = std::to_chars(out, end_of_room, value, std::chars_format::fixed).ptr;
            if (significant_digits(out, last) <= max_significant_digits) return last;
            return without_noise(out, end_of_room, value, magnitude);
        }
    }
    return std::to_chars(out, end_of_room, value).ptr;
}


/// Fixed notation from the value's 15 significant digits, rounded half away from zero: the
/// slow path, for values close to a rounding tie and those the fast path cannot take.
char* fixed_from_15_digits(char* out, double value, int decimals) {
    char scientific[32];   // d.dddddddddddddde+XXX
    const char* const end = std::to_chars(scientific, scientific + sizeof scientific, std::fabs(value),
                                          std::chars_format::scientific, max_significant_digits - 1).ptr;
    char mantissa[max_significant_digits];
    mantissa[0] = scientific[0];
    std::memcpy(mantissa + 1, scientific + 2, max_significant_digits - 1);
    int exponent = 0;
    std::from_chars(scientific + max_significant_digits + 2 + (scientific[max_significant_digits + 2] == '+'), end,
                    exponent);
    // value * 10^decimals = 0.mantissa * 10^whole: its digits before the rounding point, then
    // the digit that decides, each from the mantissa or a zero beyond it.
    const int whole = exponent + 1 + decimals;
    const auto digit = [&](int i) { return i >= 0 && i < max_significant_digits ? mantissa[i] : '0'; };
    std::string digits = "0";   // room for a carry
    for (int i = 0; i < whole; ++i) digits += digit(i);
    if (whole >= 0 && digit(whole) >= '5') {
        std::size_t i = digits.size();
        while (digits[--i] == '9') digits[i] = '0';
        ++digits[i];
    }
    if (digits.size() < static_cast<std::size_t>(decimals) + 1)
        digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    const std::size_t whole_digits = digits.size() - static_cast<std::size_t>(decimals);
    std::size_t first = 0;
    while (first + 1 < whole_digits && digits[first] == '0') ++first;
    char* o = out;
    if (value < 0) *o++ = '-';
    for (std::size_t i = first; i < whole_digits; ++i) *o++ = digits[i];
    if (decimals > 0) {
        *o++ = '.';
        for (std::size_t i = whole_digits; i < digits.size(); ++i) *o++ = digits[i];
    }
    return o;
}

}  // namespace

char* format_number(char* out, double value, int decimals) {
    if (decimals >= 0) {
        if (decimals > max_decimals) decimals = max_decimals;
        if (try_fast_fixed(out, value, decimals)) return out;
        return drop_sign_of_zero(out, fixed_from_15_digits(out, value, decimals));
    }
    return format_shortest(out, value);
}


bool is_number_text(std::string_view text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t first = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i > first;
    };
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (!digits()) return false;
    while (i < text.size() && (text[i] == '.' || text[i] == ',')) {
        ++i;
        if (!digits()) return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        if (!digits()) return false;
    }
    return i == text.size();
}

char* format_date_cell(char* out, double days) {
    // Beyond this, civil_from_days would overflow; no parsed date gets near it.
    if (!(std::fabs(days) < 1e8)) return out;
    int year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    if (year < 0 || year > 9999) {
        const std::string text = format_date(days);
        std::memcpy(out, text.data(), text.size());
        return out + text.size();
    }
    const unsigned digits[] = {static_cast<unsigned>(year) / 1000, static_cast<unsigned>(year) / 100 % 10,
                               static_cast<unsigned>(year) / 10 % 10, static_cast<unsigned>(year) % 10};
    for (unsigned digit : digits) *out++ = static_cast<char>('0' + digit);
    *out++ = '-';
    *out++ = static_cast<char>('0' + month / 10);
    *out++ = static_cast<char>('0' + month % 10);
    *out++ = '-';
    *out++ = static_cast<char>('0' + day / 10);
    *out++ = static_cast<char>('0' + day % 10);
    return out;
}

std::string_view cell_text(const OutputColumn& column, std::size_t row, char* scratch) {
    const Column& cells = *column.column;
    switch (cells.type) {
    case Type::Number: {
        const double value = cells.numbers[row];
        if (!std::isfinite(value)) return {};
        return {scratch, static_cast<std::size_t>(format_number(scratch, value, column.decimals) - scratch)};
    }
    case Type::Date: {
        const double days = cells.numbers[row];
        return {scratch, static_cast<std::size_t>(format_date_cell(scratch, days) - scratch)};
    }
    case Type::Bool:
        if (cells.bools[row] == bool_missing) return {};
        return cells.bools[row] == bool_true ? std::string_view("true") : std::string_view("false");
    case Type::Text: return cells.texts[row];
    }
    return {};
}

}  // namespace kamscore
