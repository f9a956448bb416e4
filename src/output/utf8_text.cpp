#include "output/utf8_text.hpp"

#include "kamscore/output/display_width.hpp"

namespace kamscore {

namespace {
constexpr std::string_view replacement_character = "\xEF\xBF\xBD";
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
        if (static_cast<unsigned char>(text[offset]) < 0x80) {
            ++offset;
            continue;
        }
        const CodePoint cp = decode_utf8(text, offset);
        // decode_utf8 gives U+FFFD of length 1 for a bad byte; a real U+FFFD takes 3 bytes.
        if (cp.value == 0xFFFD && cp.length == 1) return false;
        offset += cp.length;
    }
    return true;
}

void append_valid_utf8(std::string& out, std::string_view text) {
    if (is_valid_utf8(text)) {
        out.append(text);
        return;
    }
    for (std::size_t offset = 0; offset < text.size();) {
        const CodePoint cp = decode_utf8(text, offset);
        if (cp.value == 0xFFFD && cp.length == 1) out.append(replacement_character);
        else out.append(text.substr(offset, cp.length));
        offset += cp.length;
    }
}

std::string_view prefix_within_utf16_units(std::string_view text, std::size_t max_units) {
    std::size_t units = 0;
    std::size_t offset = 0;
    while (offset < text.size()) {
        const CodePoint cp = decode_utf8(text, offset);
        const std::size_t needed = cp.value > 0xFFFF ? 2 : 1;
        if (units + needed > max_units) break;
        units += needed;
        offset += cp.length;
    }
    return text.substr(0, offset);
}

}  // namespace kamscore
