#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// A place in a text file. line and column are 1-based, column counted in characters
/// (UTF-8 code points), as editors show them; 0 means unknown. length is the number of
/// characters to underline (at least 1 when a caret is shown).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
    int length = 1;
};

enum class Severity { Error, Warning, Note };

/// One problem found in a rule file (or anything else with a position).
/// source_line is the full text of the offending line, without its line break; empty when
/// unknown, in which case no caret is printed.
struct Diagnostic {
    Severity severity = Severity::Error;
    SourceLocation location;
    std::string message;
    std::string source_line;
};

/// "file:line:col: error: message", then the source line and a caret under the location:
///     rules/kam.yaml:14:27: error: unknown name 'revenu' (did you mean 'revenue'?)
///        14 |   potential: max(wallet - revenu, 0)
///           |                           ^~~~~~
/// Ends with a newline.
std::string format_diagnostic(const Diagnostic& diagnostic);

/// All diagnostics, then a count line such as "kamscore: 2 errors in rules/kam.yaml".
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics, std::string_view file);

/// The 1-based line `line` of `text` (without the line break), or "" when out of range.
std::string_view line_of(std::string_view text, int line);

/// Number of UTF-8 code points in `text` (continuation bytes are not counted).
int count_characters(std::string_view text);

}  // namespace kamscore
