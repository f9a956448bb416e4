#include "rules/source_text.hpp"

#include <algorithm>

namespace kamscore {

SourceText::SourceText(std::string_view text, std::string display_name)
    : text_(text), display_name_(std::move(display_name)) {
    // yaml-cpp skips a byte-order mark too, and its marks then count from after it.
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
}

int SourceText::line_at(std::size_t offset) const {
    auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<int>(after - line_starts_.begin());
}

std::size_t SourceText::line_start(int line) const {
    if (line < 1) return 0;
    if (static_cast<std::size_t>(line) > line_starts_.size()) return text_.size();
    return line_starts_[static_cast<std::size_t>(line - 1)];
}

int SourceText::column_at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    std::size_t start = line_start(line_at(offset));
    if (cached_offset_ < start || cached_offset_ > offset) {
        cached_offset_ = start;
        cached_column_ = 1;
    }
    cached_column_ += count_characters(text_.substr(cached_offset_, offset - cached_offset_));
    cached_offset_ = offset;
    return cached_column_;
}

std::string_view SourceText::line(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
    std::size_t start = line_start(line);
    std::size_t end = static_cast<std::size_t>(line) < line_starts_.size()
                          ? line_starts_[static_cast<std::size_t>(line)] - 1
                          : text_.size();
    std::string_view result = text_.substr(start, end - start);
    if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
    return result;
}

SourceLocation SourceText::location_at(std::size_t offset, int length) const {
    return SourceLocation{display_name_, line_at(offset), column_at(offset), std::max(1, length)};
}

Diagnostic SourceText::diagnostic_at(std::size_t offset, int length, std::string message,
                                     Severity severity) const {
    SourceLocation location = location_at(offset, length);
    std::string source_line(line(location.line));
    return Diagnostic{severity, std::move(location), std::move(message), std::move(source_line)};
}

/// Length of the well-formed UTF-8 sequence starting at text[i], or 0 (Unicode table 3-7).
static std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) -> unsigned { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
    auto in = [](unsigned b, unsigned low, unsigned high) { return b >= low && b <= high; };
    unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    if (in(lead, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
    if (in(lead, 0xE0, 0xEF)) {
        unsigned low = lead == 0xE0 ? 0xA0 : 0x80;
        unsigned high = lead == 0xED ? 0x9F : 0xBF;
        return in(byte(1), low, high) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in(lead, 0xF0, 0xF4)) {
        unsigned low = lead == 0xF0 ? 0x90 : 0x80;
        unsigned high = lead == 0xF4 ? 0x8F : 0xBF;
        return in(byte(1), low, high) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Rule files are nearly all ASCII: skip it a byte at a time without the table.
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

std::string replace_invalid_utf8(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            result += "\xEF\xBF\xBD";
            ++i;
        } else {
            result.append(text.substr(i, length));
            i += length;
        }
    }
    return result;
}

}  // namespace kamscore
