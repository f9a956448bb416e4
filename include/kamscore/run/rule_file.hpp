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
/// or Error(IoFailure) when the file cannot be read. With `defer_unknown_test_columns` (for a
/// run that reads an export), a file whose only errors are test cells naming columns the rules
/// do not read loads, keeping those errors in `unknown_test_columns`: the run reports them
/// once the export's header is known, after a field's column missing from it.
std::unique_ptr<RuleSet> load_rule_file(const std::string& path, std::vector<std::string>& warnings,
                                        bool defer_unknown_test_columns = false);

/// Throws Error(BadRules) with the deferred test-column errors of `rules`, if any.
void check_unknown_test_columns(const RuleSet& rules);

/// Compiles `rules` against `frame`, appending warnings; throws Error(BadRules) with every
/// diagnostic.
ScoringPlan compile_rule_file(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                              const expr::CompileOptions& options, std::vector<std::string>& warnings);

}  // namespace kamscore
