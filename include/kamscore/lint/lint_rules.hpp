#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"

namespace kamscore {

/// The values of the text fields in a sample of an export (`check --against`), each distinct
/// value once, in the order first seen; empty cells left out.
struct SeenTexts {
    std::string source;   ///< "the first 1000 rows of export.csv"
    std::map<std::string, std::vector<std::string>> by_field;
};

/// What `kamscore check` warns about in rules that load and compile but are probably not what
/// was meant (README "Checking rules"), each a Severity::Warning at its place in the rule file
/// (`source` is the file's text, for the line under the caret):
///  - metric weights that are all zero, and a zero-weight metric no tier reads;
///  - a band no value can reach (from the range of the value's expression: max(x, 0) is never
///    below 0), neighbouring bands with the same points, a linear or log scale the value never
///    enters;
///  - a tier that can never match: its condition is constant false, an earlier tier without
///    capacity takes everyone (constant true) or has the same condition;
///  - a capacity (`max:`) with no metric to rank by (none with a weight, or only constant
///    values): the score is the same for all and the seats would go by customer id;
///  - a capacity larger than any count of customers, `stay` on the last tier, `stay` that
///    always holds;
///  - fields, derived values and params that no expression uses (also through derived values
///    that are themselves unused);
///  - text comparisons (`==`, `!=`, `in`) that never or always hold: a segment against a label
///    it does not have, lower(...)/upper(...) against a literal in the other case, and with
///    `seen` a text field against a value the sample never has.
/// Bands cannot have gaps or overlaps: a band is written by its upper bound, ascending.
std::vector<Diagnostic> lint_rules(const RuleSet& rules, const ScoringPlan& plan, std::string_view source,
                                   const SeenTexts* seen = nullptr);

}  // namespace kamscore
