// A rule file's condition as one line of a report.
#pragma once

#include <string>
#include <string_view>

namespace kamscore {

/// Runs of whitespace (a folded or block YAML scalar) as one space, none at the ends, so that a
/// condition written over several lines fits one line of a trace or a funnel step.
inline std::string one_line(std::string_view text) {
    std::string line;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space && (line.empty() || line.back() == ' ')) continue;
        line += space ? ' ' : c;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

}  // namespace kamscore
