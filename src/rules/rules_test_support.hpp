#pragma once

#include <string>
#include <string_view>

#include "kamscore/rules/load_rules.hpp"

namespace kamscore::test {

/// Every diagnostic of loading `yaml` as "r.yaml", formatted and concatenated.
inline std::string problems_of(std::string_view yaml) {
    LoadedRules loaded = load_rules(yaml, "r.yaml");
    std::string text;
    for (const Diagnostic& diagnostic : loaded.diagnostics) text += format_diagnostic(diagnostic);
    return text;
}

/// The lines every valid rule file needs around the section under test: two lines before
/// it (so it starts on line 3), one tier after it.
inline std::string around(std::string_view section) {
    return "kamscore: 1\ninput: { id: id }\n" + std::string(section) + "tiers:\n  - { id: all }\n";
}

}  // namespace kamscore::test
