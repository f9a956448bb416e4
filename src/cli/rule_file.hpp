#pragma once

#include <memory>
#include <string>

#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Reads and loads the rule file at `path`. Prints warnings to stderr; throws
/// Error(BadRules) with every diagnostic and a count, or Error(IoFailure) when unreadable.
std::unique_ptr<RuleSet> load_rule_file(const std::string& path);

/// Compiles `rules` against `frame`; throws Error(BadRules) with every diagnostic.
ScoringPlan compile_rule_file(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                              const expr::CompileOptions& options);

/// Parses "NAME=VALUE" items of --set; throws Error(BadCommandLine) on a malformed item.
ParamOverrides parse_overrides(const std::vector<std::string>& items);

/// Days since 1970 for --today (a date), or the current local date when empty.
double today_from_option(const std::string& text);

}  // namespace kamscore
