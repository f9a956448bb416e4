#pragma once

#include <cstddef>
#include <string_view>

namespace kamscore {

/// One code point decoded from UTF-8. Bytes that are not valid UTF-8 decode one at a time
/// as U+FFFD, so every byte sequence can be measured and cut.
struct CodePoint {
    char32_t value;
    std::size_t length;  ///< bytes it took, 1..4
};
CodePoint decode_utf8(std::string_view text, std::size_t offset);

/// Terminal columns of one code point: 0 for combining marks and zero-width format
/// characters, 2 for East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms,
/// most emoji), 1 otherwise (also for control characters, which the table shows as a space).
int code_point_width(char32_t code_point);

/// Terminal columns of a UTF-8 text: "Müller" is 6 whether ü is precomposed or u + U+0308.
std::size_t display_width(std::string_view text);

/// The longest prefix of whole code points that fits in `max_width` columns; zero-width
/// marks after the last kept character stay with it.
std::string_view prefix_within_width(std::string_view text, std::size_t max_width);

}  // namespace kamscore
