// Per-value semantics of the built-in functions that take more than one line. The kernels
// call these row by row and constant folding calls them once, so both agree by construction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kamscore::expr {

/// round(x, digits): half away from zero at `digits` decimals (negative: tens, hundreds...).
/// Ties are judged on the decimal the user wrote, so round(2.675, 2) is 2.68.
double round_to_digits(double x, double digits);

/// log(x, base); missing unless x > 0 and base > 0 and base != 1.
double log_base(double x, double base);

/// exp(x); missing when it overflows (x > ~709) or x is missing.
double exp_or_missing(double x);

/// pow(base, power); missing when either is missing (C's pow(missing, 0) would be 1), when the
/// result is not a real number (pow(-8, 1/3)) or overflows.
double pow_or_missing(double base, double power);

/// The calendar year of a date (days since 1970-01-01); missing for missing.
double year_of(double days);

/// lower() / upper() of UTF-8 text into `out` (same length as `text`): ASCII letters and the
/// Latin-1 letters À..Þ <-> à..þ (so Ä Ö Ü <-> ä ö ü); ß and everything else unchanged.
void change_case(std::string_view text, char* out, bool to_upper);
std::string change_case(std::string_view text, bool to_upper);

/// An ISO date "YYYY-MM-DD" as days since 1970-01-01; nullopt if not a valid calendar date.
std::optional<double> parse_iso_date(std::string_view text);

}  // namespace kamscore::expr
