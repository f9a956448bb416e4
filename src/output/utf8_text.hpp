#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kamscore {

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or bytes past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD, appended
/// to `out`. Spreadsheet files must hold valid UTF-8; libxlsxwriter would accept anything.
void append_valid_utf8(std::string& out, std::string_view text);

/// The longest prefix of `text` (valid UTF-8) with at most `max_units` UTF-16 code units,
/// cut at a code point boundary: Excel counts a cell's length in UTF-16 units.
std::string_view prefix_within_utf16_units(std::string_view text, std::size_t max_units);

}  // namespace kamscore
