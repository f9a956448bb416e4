#include "scalar_functions.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "kamscore/table/parse_value.hpp"
#include "kamscore/value.hpp"

namespace kamscore::expr {

double round_to_digits(double x, double digits) {
    if (is_missing(x) || is_missing(digits)) return missing_number;
    digits = std::round(digits);
    // A double holds at most 17 significant digits; beyond 15 decimals rounding changes nothing
    // a user could see, and 10^digits would overflow for absurd arguments.
    if (digits > 15 || !std::isfinite(x)) return x;
    if (digits < -308) return 0.0 * x;
    // Powers of ten up to 1e22 are exact doubles; a table saves a pow() per row.
    static constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double magnitude = std::fabs(digits);
    double scale = magnitude <= 22 ? powers_of_ten[static_cast<int>(magnitude)] : std::pow(10.0, magnitude);
    double scaled = digits >= 0 ? x * scale : x / scale;
    double rounded = std::round(scaled);
    // 2.675 is stored as 2.67499999...; scaled it is a hair below the tie. Near a tie, decide
    // on the value rounded to 15 significant digits, which is the decimal the user wrote.
    if (std::fabs(std::fabs(scaled - std::trunc(scaled)) - 0.5) < 1e-9) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.15g", scaled);
        rounded = std::round(std::strtod(buffer, nullptr));
    }
    return digits >= 0 ? rounded / scale : rounded * scale;
}

double log_base(double x, double base) {
    if (!(x > 0) || !(base > 0) || base == 1) return missing_number;
    // log10 and log2 are exact where log(x)/log(base) is not: log(1000, 10) must be 3.
    if (base == 10) return std::log10(x);
    if (base == 2) return std::log2(x);
    return std::log(x) / std::log(base);
}

// An infinity or NaN would sort and compare surprisingly later; the language has missing.
double exp_or_missing(double x) {
    const double result = std::exp(x);
    return std::isfinite(result) ? result : missing_number;
}

double pow_or_missing(double base, double power) {
    if (is_missing(base) || is_missing(power)) return missing_number;
    const double result = std::pow(base, power);
    return std::isfinite(result) ? result : missing_number;
}

double year_of(double days) {
    // Beyond a few million years the calendar arithmetic would overflow; no CRM has such dates.
    if (!(std::fabs(days) < 1e9)) return missing_number;
    int year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    return year;
}

namespace {

// Byte maps for the ASCII letters; every other byte maps to itself. A lookup per byte keeps
// the loop free of branches for the common, mostly ASCII text.
struct CaseTable {
    unsigned char map[256];
    constexpr explicit CaseTable(bool to_upper) : map() {
        for (int byte = 0; byte < 256; ++byte) {
            bool is_lower = byte >= 'a' && byte <= 'z', is_upper = byte >= 'A' && byte <= 'Z';
            int mapped = to_upper && is_lower ? byte - 0x20 : !to_upper && is_upper ? byte + 0x20 : byte;
            map[byte] = static_cast<unsigned char>(mapped);
        }
    }
};
constexpr CaseTable lower_table(false), upper_table(true);

}  // namespace

void change_case(std::string_view text, char* out, bool to_upper) {
    const unsigned char* map = to_upper ? upper_table.map : lower_table.map;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        out[i] = static_cast<char>(map[byte]);
        // Latin-1 letters are 0xC3 followed by 0x80..0x9E (upper) or 0xA0..0xBE (lower), the
        // two cases 0x20 apart; 0x97 and 0xB7 are × and ÷, and ß (0x9F) has no single upper.
        if (byte == 0xC3 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            bool is_upper = next >= 0x80 && next <= 0x9E && next != 0x97;
            bool is_lower = next >= 0xA0 && next <= 0xBE && next != 0xB7;
            if (to_upper && is_lower) next -= 0x20;
            if (!to_upper && is_upper) next += 0x20;
            out[++i] = static_cast<char>(next);
        }
    }
}

std::string change_case(std::string_view text, bool to_upper) {
    std::string result(text.size(), '\0');
    change_case(text, result.data(), to_upper);
    return result;
}

std::optional<double> parse_iso_date(std::string_view text) {
    auto digits = [&](std::size_t from, std::size_t count) -> int {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1) return std::nullopt;
    double days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    // Round trip: 2024-02-30 would come back as 2024-03-01.
    int back_year;
    unsigned back_month, back_day;
    civil_from_days(days, back_year, back_month, back_day);
    if (back_year != year || back_month != static_cast<unsigned>(month) || back_day != static_cast<unsigned>(day))
        return std::nullopt;
    return days;
}

}  // namespace kamscore::expr
