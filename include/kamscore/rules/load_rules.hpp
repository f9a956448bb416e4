#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/rule_set.hpp"

namespace kamscore {

struct LoadedRules {
    RuleSet rules;
    std::vector<Diagnostic> diagnostics;   ///< any Severity::Error means the file is unusable

    bool has_errors() const;
};

/// Reads a rule file's text (`display_name` appears in every diagnostic). Checks the shape
/// README "Rule file reference" documents: required and unknown keys, duplicate keys, types
/// of scalars, scale shapes, tier order. Reports every problem it can find, each with
/// file:line:col. Does not compile expressions. YAML aliases and anchors are rejected (alias
/// bombs); nesting is limited.
LoadedRules load_rules(std::string_view text, std::string display_name);

}  // namespace kamscore
