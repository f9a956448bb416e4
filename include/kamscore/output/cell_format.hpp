#pragma once

#include <cstddef>
#include <string_view>

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// Room format_number() and format_date_cell() may need: a double in fixed notation has up
/// to 309 integer digits, plus sign, point and max_decimals.
inline constexpr std::size_t max_cell_chars = 352;
/// More decimals than this say nothing about a double; larger requests are clamped.
inline constexpr int max_decimals = 30;

/// Writes a finite `value` at `out` and returns the end. `decimals >= 0`: fixed notation with
/// that many decimals, rounded as a spreadsheet shows the value: its 15-significant-digit text
/// rounded half away from zero (6.175, 6.17499... in binary, is "6.18"; 2.5 is "3").
/// `decimals < 0`: the shortest text that reads back exactly, but never more than 15
/// significant digits in fixed notation (more is arithmetic noise: 0.1 + 0.2 is written
/// "0.3", not "0.30000000000000004"); whole numbers below 1e15 as
/// plain integers ("1000000", never "1e+06"), others in fixed notation when 1e-5 <= |value|,
/// scientific otherwise. A negative zero, also after rounding, is written without its sign.
char* format_number(char* out, double value, int decimals);

/// Writes a date (days since 1970-01-01) as 2024-12-31 and returns the end; a date too far
/// away to be a calendar date (or not finite) writes nothing.
char* format_date_cell(char* out, double days);

/// True when a spreadsheet would treat the text as a formula or strip a control character at
/// its start: = + - @ tab CR LF (OWASP's CSV-injection list).
inline bool starts_like_formula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\n': return true;
    default: return false;
    }
}

/// True for a plain number as text: an optional sign, digits, '.' or ',' between digits, an
/// optional exponent ("-1200.50", "+3", "-1.234,5", "2e-3"). No spreadsheet reads such text
/// as a formula, so neutralising it would only alter a number.
bool is_number_text(std::string_view text);

/// True when csv/tsv output puts a quote before the text so that a spreadsheet shows it as
/// text rather than evaluating it.
inline bool needs_neutralising(std::string_view text) { return starts_like_formula(text) && !is_number_text(text); }

/// The text of one cell as csv/tsv/table show it (before quoting): numbers formatted with the
/// column's decimals, "true"/"false", ISO dates, text as is; missing and non-finite values
/// are empty. `scratch` needs max_cell_chars bytes and may hold the result.
std::string_view cell_text(const OutputColumn& column, std::size_t row, char* scratch);

}  // namespace kamscore
