// Cell parsing for number, bool and date columns. Exports from CRMs, ERPs and spreadsheets
// decorate amounts in many ways; each accepted form below is one we have seen, and anything
// that needs a guess (which comma is the decimal one, what "Mio." means) is refused.
#include "kamscore/table/parse_value.hpp"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace kamscore {
namespace {

constexpr std::string_view no_break_space = "\xC2\xA0";          // U+00A0
constexpr std::string_view narrow_no_break_space = "\xE2\x80\xAF";  // U+202F, French grouping

// Currency markers seen in B2B exports. Codes are compared ignoring ASCII case.
constexpr std::string_view currency_codes[] = {"EUR", "USD", "CHF", "GBP", "JPY", "CNY", "CAD",
                                               "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF"};
constexpr std::string_view currency_symbols[] = {"\xE2\x82\xAC" /* € */, "$", "\xC2\xA3" /* £ */,
                                                 "\xC2\xA5" /* ¥ */};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Byte length of the space-like character that starts `s`, or 0.
std::size_t space_at_front(std::string_view s) {
    if (s.empty()) return 0;
    if (s[0] == ' ' || s[0] == '\t') return 1;
    if (s.starts_with(no_break_space)) return no_break_space.size();
    if (s.starts_with(narrow_no_break_space)) return narrow_no_break_space.size();
    return 0;
}

std::size_t space_at_back(std::string_view s) {
    if (s.empty()) return 0;
    if (s.back() == ' ' || s.back() == '\t') return 1;
    if (s.ends_with(no_break_space)) return no_break_space.size();
    if (s.ends_with(narrow_no_break_space)) return narrow_no_break_space.size();
    return 0;
}

std::string_view trim(std::string_view s) {
    while (const std::size_t n = space_at_front(s)) s.remove_prefix(n);
    while (const std::size_t n = space_at_back(s)) s.remove_suffix(n);
    return s;
}

std::size_t currency_at_front(std::string_view s) {
    for (const auto code : currency_codes)
        if (equals_ignoring_case(s.substr(0, code.size()), code)) return code.size();
    for (const auto symbol : currency_symbols)
        if (s.starts_with(symbol)) return symbol.size();
    return 0;
}

std::size_t currency_at_back(std::string_view s) {
    for (const auto code : currency_codes)
        if (s.size() >= code.size() && equals_ignoring_case(s.substr(s.size() - code.size()), code))
            return code.size();
    for (const auto symbol : currency_symbols)
        if (s.ends_with(symbol)) return symbol.size();
    return 0;
}

/// The signs, brackets and units around an amount, removed from `text`; false when they
/// contradict each other (two signs, a bracket without its partner, a currency and a percent).
bool strip_decorations(std::string_view& text, bool& is_negative) {
    bool has_sign = false, has_currency = false, has_percent = false;
    bool opens_bracket = false, closes_bracket = false;
    for (;;) {
        text = trim(text);
        if (text.empty()) break;
        if (!has_currency) {
            if (const std::size_t n = currency_at_front(text)) {
                has_currency = true;
                text.remove_prefix(n);
                continue;
            }
        }
        if (!has_sign && (text[0] == '-' || text[0] == '+')) {
            has_sign = true;
            is_negative = text[0] == '-';
            text.remove_prefix(1);
            continue;
        }
        if (!opens_bracket && text[0] == '(') {
            opens_bracket = true;
            text.remove_prefix(1);
            continue;
        }
        break;
    }
    for (;;) {
        text = trim(text);
        if (text.empty()) break;
        if (!has_currency) {
            if (const std::size_t n = currency_at_back(text)) {
                has_currency = true;
                text.remove_suffix(n);
                continue;
            }
        }
        if (!has_percent && text.back() == '%') {
            has_percent = true;
            text.remove_suffix(1);
            continue;
        }
        // SAP writes negative amounts with a trailing minus: 12.345,67-
        if (!has_sign && text.back() == '-') {
            has_sign = true;
            is_negative = true;
            text.remove_suffix(1);
            continue;
        }
        if (opens_bracket && !closes_bracket && text.back() == ')') {
            closes_bracket = true;
            text.remove_suffix(1);
            continue;
        }
        break;
    }
    if (opens_bracket != closes_bracket || (opens_bracket && has_sign) || (has_currency && has_percent))
        return false;
    if (opens_bracket) is_negative = true;   // accountants' (5) for -5
    return true;
}

/// Copies the digits of `core` to `out` as from_chars expects them ("-1234.5e3"), checking
/// that thousands separators group by three and appear only before the decimal separator.
/// Returns the length written, or 0 when `core` is not a plain amount.
std::size_t normalise_amount(std::string_view core, char decimal, char* out, std::size_t capacity) {
    enum class Grouping { None, Other, Space, Apostrophe };
    const char other = decimal == ',' ? '.' : ',';
    Grouping grouping = Grouping::None;
    int groups = 0;
    int run = 0;   // digits since the last separator
    bool has_digits = false;
    bool has_decimal = false;
    std::size_t n = 0;
    std::size_t i = 0;
    if (core.size() + 1 > capacity) return 0;
    while (i < core.size()) {
        const char c = core[i];
        if (is_digit(c)) {
            out[n++] = c;
            ++run;
            has_digits = true;
            ++i;
            continue;
        }
        if (c == decimal) {
            if (has_decimal || (groups > 0 && run != 3)) return 0;
            has_decimal = true;
            out[n++] = '.';
            run = 0;
            ++i;
            continue;
        }
        if (c == 'e' || c == 'E') {
            // Exponents only on plain mantissas: 1e6, 1.5E-3.
            if (groups > 0 || run == 0) return 0;
            out[n++] = 'e';
            ++i;
            if (i < core.size() && (core[i] == '-' || core[i] == '+')) out[n++] = core[i++];
            if (i == core.size()) return 0;
            for (; i < core.size(); ++i) {
                if (!is_digit(core[i])) return 0;
                out[n++] = core[i];
            }
            return n;
        }
        Grouping kind;
        std::size_t length = 1;
        if (c == other) kind = Grouping::Other;
        else if (c == '\'') kind = Grouping::Apostrophe;   // Swiss 1'234.50
        else if ((length = space_at_front(core.substr(i))) != 0) kind = Grouping::Space;
        else return 0;
        if (has_decimal || (grouping != Grouping::None && grouping != kind)) return 0;
        if (groups == 0 ? (run < 1 || run > 3) : run != 3) return 0;
        grouping = kind;
        ++groups;
        run = 0;
        i += length;
    }
    if (!has_digits) return 0;
    if (groups > 0 && !has_decimal && run != 3) return 0;   // 1,5 with decimal '.': ambiguous
    if (has_decimal && run == 0) return 0;                   // "5." is a truncated value
    return n;
}

bool read_number(std::string_view s, std::size_t& i, std::size_t min_digits, std::size_t max_digits, int& value) {
    std::size_t count = 0;
    value = 0;
    while (i < s.size() && count < max_digits && is_digit(s[i])) {
        value = value * 10 + (s[i] - '0');
        ++i;
        ++count;
    }
    return count >= min_digits;
}

bool read_char(std::string_view s, std::size_t& i, char c) {
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
}

/// A time of day after a date ("T10:00:00", " 10:00", "T10:00:00.123+01:00", "T10:00Z"),
/// which date columns ignore; true also for nothing at all.
bool is_time_suffix(std::string_view s) {
    if (s.empty()) return true;
    std::size_t i = 0;
    if (s[0] == 'T') {
        i = 1;
    } else {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i == 0) return false;
    }
    int hour, minute, second = 0;
    if (!read_number(s, i, 1, 2, hour) || !read_char(s, i, ':') || !read_number(s, i, 2, 2, minute)) return false;
    if (read_char(s, i, ':')) {
        if (!read_number(s, i, 2, 2, second)) return false;
        if (read_char(s, i, '.') || read_char(s, i, ',')) {
            int fraction;
            if (!read_number(s, i, 1, 9, fraction)) return false;
        }
    }
    if (hour > 24 || minute > 59 || second > 60) return false;
    if (read_char(s, i, 'Z')) return i == s.size();
    if (read_char(s, i, '+') || read_char(s, i, '-')) {
        int zone_hours, zone_minutes;
        if (!read_number(s, i, 2, 2, zone_hours)) return false;
        const bool has_colon = read_char(s, i, ':');
        if ((has_colon || i < s.size()) && !read_number(s, i, 2, 2, zone_minutes)) return false;
    }
    return i == s.size();
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::optional<double> civil_days(int year, int month, int day) {
    constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return std::nullopt;
    const int last = month_days[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
    if (day > last) return std::nullopt;
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<double> parse_date_with_format(std::string_view text, std::string_view format) {
    int year = -1, month = -1, day = -1;
    std::size_t i = 0;
    for (std::size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%') {
            if (!read_char(text, i, format[f])) return std::nullopt;
            continue;
        }
        if (++f == format.size()) return std::nullopt;
        bool ok = false;
        switch (format[f]) {
        case 'Y': ok = read_number(text, i, 4, 4, year); break;
        case 'm': ok = read_number(text, i, 1, 2, month); break;
        case 'd': ok = read_number(text, i, 1, 2, day); break;
        case '%': ok = read_char(text, i, '%'); break;
        default: ok = false;
        }
        if (!ok) return std::nullopt;
    }
    if (year < 0 || month < 0 || day < 0 || !is_time_suffix(text.substr(i))) return std::nullopt;
    return civil_days(year, month, day);
}

/// How many of the eight bytes of `bytes` (the first in the lowest byte) are ASCII digits
/// before the first that is not one (8: all of them). A byte is no digit when it is below
/// '0' (subtracting 0x30 sets its top bit) or above '9' (adding 0x46 does); the digits
/// before the first such byte neither carry nor borrow, so its flag is exact, and what the
/// bytes after it do to their own flags does not matter.
int leading_digits(std::uint64_t bytes) {
    const std::uint64_t no_digit =
        ((bytes + 0x4646464646464646u) | (bytes - 0x3030303030303030u)) & 0x8080808080808080u;
    return no_digit == 0 ? 8 : std::countr_zero(no_digit) / 8;
}

/// The value of the first `count` (1 to 8) digits of `bytes`: shifted up so that they are the
/// last of eight digits after `8 - count` zeros, then added in pairs, fours and eights by
/// three multiplications instead of eight dependent ones.
std::uint64_t digits_value(std::uint64_t bytes, int count) {
    std::uint64_t digits = (bytes - 0x3030303030303030u) << (64 - 8 * count);
    digits = digits * 10 + (digits >> 8);   // each even byte: a pair of digits
    digits = (((digits & 0x000000FF000000FFu) * (100 + (std::uint64_t{1000000} << 32))) +
              (((digits >> 16) & 0x000000FF000000FFu) * (1 + (std::uint64_t{10000} << 32)))) >>
             32;
    return digits & 0xFFFFFFFFu;
}

}  // namespace

/// The common case of an export, "-1234.56": at most 15 digits, so the digits are an exact
/// double and one division by an exact power of ten is correctly rounded (Clinger's fast
/// path) — the same result as from_chars, several times faster. nullopt: take the long way.
/// Digits are read eight bytes at a time where the cell has eight more bytes (a revenue's
/// whole part, "1916435"), then one by one: this runs for every number cell of an export,
/// and a digit at a time is a chain of dependent multiplications (a fifth of the reading
/// thread's time on the reference job).
bool parse_plain_decimal(std::string_view text, char decimal, double& value, int& fraction_digits) {
    static constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    static constexpr std::uint64_t scale_of[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;   // wraps past 19 digits, but more than 15 are refused below
    const auto read_digits = [&] {
        const char* const from = p;
        if constexpr (std::endian::native == std::endian::little) {
            while (end - p >= 8) {
                std::uint64_t bytes;
                std::memcpy(&bytes, p, sizeof bytes);
                const int count = leading_digits(bytes);
                if (count == 0) return p - from;
                mantissa = mantissa * scale_of[count] + digits_value(bytes, count);
                p += count;
                if (count < 8) return p - from;
            }
        }
        unsigned digit = 0;
        while (p != end && (digit = static_cast<unsigned char>(*p) - '0') <= 9) {
            mantissa = mantissa * 10 + digit;
            ++p;
        }
        return p - from;
    };
    const std::ptrdiff_t whole = read_digits();
    if (whole == 0) return false;
    std::ptrdiff_t fraction = 0;
    if (p != end) {
        if (*p != decimal) return false;
        ++p;
        fraction = read_digits();
        if (p != end || fraction == 0) return false;
    }
    if (whole + fraction > 15) return false;
    fraction_digits = static_cast<int>(fraction);
    value = static_cast<double>(mantissa) / powers_of_ten[fraction];
    if (negative && mantissa != 0) value = -value;   // "-0" is 0: never a negative zero
    return true;
}

std::optional<double> parse_plain_decimal(std::string_view text, char decimal) {
    double value = 0;
    int fraction_digits = 0;
    if (!parse_plain_decimal(text, decimal, value, fraction_digits)) return std::nullopt;
    return value;
}

std::optional<double> parse_number(std::string_view text, NumberFormat format) {
    if (auto plain = parse_plain_decimal(text, format.decimal)) return plain;
    bool is_negative = false;
    if (!strip_decorations(text, is_negative)) return std::nullopt;
    char digits[128];
    std::size_t n = 0;
    if (is_negative) digits[n++] = '-';
    const std::size_t length = normalise_amount(text, format.decimal, digits + n, sizeof digits - n);
    if (length == 0) return std::nullopt;
    n += length;
    double value = 0;
    const auto [end, error] = std::from_chars(digits, digits + n, value);
    if (error != std::errc() || end != digits + n) return std::nullopt;
    return value == 0 ? 0.0 : value;   // no -0 from "(0)" or "0-"
}

std::optional<bool> parse_bool(std::string_view text, const BoolWords& words) {
    text = trim(text);
    for (const auto& word : words.true_words)
        if (equals_ignoring_case(text, word)) return true;
    for (const auto& word : words.false_words)
        if (equals_ignoring_case(text, word)) return false;
    return std::nullopt;
}

std::optional<double> parse_date(std::string_view text, std::string_view format) {
    text = trim(text);
    if (!format.empty()) return parse_date_with_format(text, format);
    if (auto days = parse_date_with_format(text, "%Y-%m-%d")) return days;
    return parse_date_with_format(text, "%d.%m.%Y");
}

bool is_blank(std::string_view text) {
    while (!text.empty()) {
        if (const std::size_t n = space_at_front(text)) text.remove_prefix(n);
        else if (text[0] == '\r' || text[0] == '\n') text.remove_prefix(1);
        else return false;
    }
    return true;
}

bool is_missing_word(std::string_view text, const std::vector<std::string>& words) {
    text = trim(text);
    for (const auto& word : words)
        if (equals_ignoring_case(text, word)) return true;
    return false;
}

}  // namespace kamscore
