// The rule file of a run: read, loaded and compiled, with its warnings as data.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Reads and loads the rule file at `path`. Appends its warnings (whole formatted
/// diagnostics) to `warnings`; throws Error(BadRules) with every diagnostic and a count,
/// or Error(IoFailure) when the file cannot be read.
std::unique_ptr<RuleSet> load_rule_file(const std::string& path, std::vector<std::string>& warnings);

/// Compiles `rules` against `frame`, appending warnings; throws Error(BadRules) with every
/// diagnostic.
ScoringPlan compile_rule_file(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                              const expr::CompileOptions& options, std::vector<std::string>& warnings);

}  // namespace kamscore
