#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/value.hpp"

namespace kamscore {

/// How numbers are written in an input: '.' (1,234.5) or ',' (German 1.234,5).
struct NumberFormat {
    char decimal = '.';
};

/// Parses a number cell as exports write them, locale-free and correctly rounded
/// (std::from_chars after normalising):
///   1234.5  1,234.5  (decimal ',': 1.234.567,89  1234,5)  -5  (5)  12.345,67- (SAP)
///   currency codes or symbols before or after: EUR 1.200,00  1 200 €  $1,200  1.200 EUR
///   percent: "12,5 %" and "12.5%" are 12.5 (the number as shown, not 0.125)
///   exponents on plain mantissas: 1e6  1.5E-3;  thousands grouped by spaces or ' (1'234.50)
/// Surrounding spaces (also non-breaking U+00A0 / U+202F) are ignored. Anything ambiguous or
/// not a plain amount ("1,5 Mio. €", "1.2M", "12a", "1.2.3" with decimal '.') is nullopt,
/// never guessed. A blank cell is not a number either: callers treat blank as missing first.
std::optional<double> parse_number(std::string_view text, NumberFormat format);

/// parse_number's fast path alone: an optional '-', digits and at most one `decimal` mark, 15
/// digits at most, nothing else (no spaces, signs, grouping or exponent). nullopt for anything
/// else, which parse_number may still read. Where it gives a value, parse_number gives the same.
std::optional<double> parse_plain_decimal(std::string_view text, char decimal);
/// The same, setting `value` and `fraction_digits` (0 without a mark) and returning true when
/// it reads the cell: what decimal_hint_of_plain() needs, so that a number cell is scanned
/// once, not twice. (A bool, not an optional: GCC returns an optional<double> through the
/// stack, a byte stored and eight loaded, a stall on every number cell of an export.)
bool parse_plain_decimal(std::string_view text, char decimal, double& value, int& fraction_digits);

/// Words that mean true and false in a bool column; compared ignoring ASCII case.
struct BoolWords {
    std::vector<std::string> true_words{"true", "yes", "ja", "y", "j", "x", "1", "wahr"};
    std::vector<std::string> false_words{"false", "no", "nein", "n", "0", "falsch"};
};

/// true / false, or nullopt when the word is neither.
std::optional<bool> parse_bool(std::string_view text, const BoolWords& words);

/// Parses a date to days since 1970-01-01. An empty `format` accepts ISO 2024-12-31 (also
/// with a time part "2024-12-31T10:00:00" or "2024-12-31 10:00", which is dropped) and German
/// 31.12.2024; otherwise `format` is a strftime-like pattern using %Y %m %d %% (e.g. "%d/%m/%Y").
/// A time after any of them (" 10:00", "T10:00:00Z") is dropped too. Invalid calendar dates
/// (2024-02-30) and unknown % directives are nullopt.
std::optional<double> parse_date(std::string_view text, std::string_view format = {});

/// Days since 1970-01-01 for a valid civil date, and back.
double days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(double days, int& year, unsigned& month, unsigned& day);

/// "2024-12-31".
std::string format_date(double days);

/// True when the cell holds only spaces, tabs, line breaks or no-break spaces (or nothing):
/// such cells are missing values.
bool is_blank(std::string_view text);

/// True when the cell, without surrounding spaces (also no-break ones), is one of `words`
/// (the rule file's `missing_words:`), ignoring ASCII case: "k.A." matches "K.A.", "n/a"
/// matches "N/A"; other letters ("Ä") must match exactly.
bool is_missing_word(std::string_view text, const std::vector<std::string>& words);

}  // namespace kamscore
