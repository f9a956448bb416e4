// Comparisons of text that can never hold: checked by `kamscore check` (lint_rules).
#pragma once

#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/lint/lint_rules.hpp"
#include "kamscore/rules/rule_set.hpp"

namespace kamscore {

/// Warnings for `==`, `!=` and `in` comparisons of text that are decided by their form: a
/// segment against a label it does not have, lower(...)/upper(...) against a literal in the
/// other case, and, given `seen`, a text field against a value the data never has. Each names
/// the comparison, says whether it never or always holds, and suggests the closest value.
std::vector<Diagnostic> impossible_comparisons(const RuleSet& rules, const SeenTexts* seen);

}  // namespace kamscore
