#include "kamscore/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kamscore {

static std::string_view severity_word(Severity severity) {
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

static bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int count_characters(std::string_view text) {
    int count = 0;
    for (char c : text) {
        if (!is_continuation_byte(c)) ++count;
    }
    return count;
}

std::string_view line_of(std::string_view text, int line) {
    if (line < 1) return {};
    std::size_t start = 0;
    for (int i = 1; i < line; ++i) {
        std::size_t newline = text.find('\n', start);
        if (newline == std::string_view::npos) return {};
        start = newline + 1;
    }
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view result = text.substr(start, end - start);
    // A CRLF file keeps its CR before the LF; it is part of the line break, not the line.
    if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
    return result;
}

/// The blanks before the caret: one per character before `column`, keeping tabs as tabs so
/// the caret lines up however wide the terminal draws a tab.
static void append_caret_indent(std::string& out, std::string_view source_line, int column) {
    int characters = 0;
    for (char c : source_line) {
        if (characters >= column - 1) return;
        if (is_continuation_byte(c)) continue;
        out += c == '\t' ? '\t' : ' ';
        ++characters;
    }
    out.append(static_cast<std::size_t>(std::max(0, column - 1 - characters)), ' ');
}

std::string format_diagnostic(const Diagnostic& diagnostic) {
    const SourceLocation& location = diagnostic.location;
    std::string out;
    if (location.file.empty()) {
        out = "kamscore";
    } else {
        out = location.file;
        if (location.line > 0) {
            out += fmt::format(":{}", location.line);
            if (location.column > 0) out += fmt::format(":{}", location.column);
        }
    }
    out += fmt::format(": {}: {}\n", severity_word(diagnostic.severity), diagnostic.message);

    if (location.line <= 0 || diagnostic.source_line.empty()) return out;
    // Five digits, so that the gutters of one file's diagnostics line up for files of up to
    // 99,999 lines; a longer line number widens both gutters alike.
    std::string number = std::to_string(location.line);
    std::size_t gutter = std::max<std::size_t>(5, number.size());
    out += fmt::format("{:>{}} | {}\n", number, gutter, diagnostic.source_line);
    if (location.column <= 0) return out;

    out.append(gutter, ' ');
    out += " | ";
    append_caret_indent(out, diagnostic.source_line, location.column);
    out += '^';
    // Underline at most to the end of the line: a multi-line token shows its first line only.
    int remaining = count_characters(diagnostic.source_line) - (location.column - 1);
    int underline = std::clamp(location.length, 1, std::max(1, remaining));
    out.append(static_cast<std::size_t>(underline - 1), '~');
    out += '\n';
    return out;
}

static std::string count_of(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics, std::string_view file) {
    std::string out;
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const Diagnostic& diagnostic : diagnostics) {
        out += format_diagnostic(diagnostic);
        if (diagnostic.severity == Severity::Error) ++errors;
        if (diagnostic.severity == Severity::Warning) ++warnings;
    }
    if (errors == 0 && warnings == 0) return out;
    std::string counts;
    if (errors > 0) counts = count_of(errors, "error");
    if (warnings > 0) counts += (counts.empty() ? "" : ", ") + count_of(warnings, "warning");
    out += fmt::format("kamscore: {} in {}\n", counts, file);
    return out;
}

}  // namespace kamscore
