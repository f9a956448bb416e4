#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/diagnostic.hpp"

namespace kamscore {

/// A rule file's text and display name, turning byte offsets into 1-based lines and columns
/// counted in characters. A leading UTF-8 byte-order mark is not part of text(): offsets
/// count from after it. Keeps a view: the caller's text must outlive it.
class SourceText {
public:
    SourceText(std::string_view text, std::string display_name);

    std::string_view text() const { return text_; }
    const std::string& display_name() const { return display_name_; }

    /// 1-based line holding byte `offset` (offsets past the end are on the last line).
    int line_at(std::size_t offset) const;
    /// 1-based column of byte `offset` on its line, in characters.
    int column_at(std::size_t offset) const;
    /// The 1-based line `line`, without its line break; "" when out of range.
    std::string_view line(int line) const;
    /// Byte offset where the 1-based line `line` starts.
    std::size_t line_start(int line) const;

    /// `length` is in characters.
    SourceLocation location_at(std::size_t offset, int length = 1) const;
    Diagnostic diagnostic_at(std::size_t offset, int length, std::string message,
                             Severity severity = Severity::Error) const;

private:
    std::string_view text_;
    std::string display_name_;
    std::vector<std::size_t> line_starts_;
    // Parser events arrive in increasing offsets, often thousands on one long flow line:
    // continuing from the last column found keeps that linear instead of quadratic.
    mutable std::size_t cached_offset_ = 0;
    mutable int cached_column_ = 1;
};

/// Byte offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF are ill-formed), or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// `text` with every byte that is not well-formed UTF-8 replaced by U+FFFD, one per byte, so
/// the line can be shown on a terminal and columns before the first bad byte stay put.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace kamscore
