// Compiling the `segments:` section into the scoring plan. Private to src/score.
#pragma once

#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/expr/compile.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Before anything is compiled: makes every `segment.<name>` a known name that cannot be used
/// yet, so that a derived value or metric using one is told why.
void declare_segments(const RuleSet& rules, expr::Scope& scope);

/// Once `score` and `metric.<id>` are in scope, before the tiers: compiles each segment in
/// file order and only then adds `segment.<name>` (text) to the scope, so that a segment can
/// use earlier segments and a use of itself or a later one is an error at its position.
/// Also compiles `summary: revenue:`. Adds the segments' columns to the frame.
void compile_segments(const RuleSet& rules, Frame& frame, expr::Scope& scope, const expr::CompileOptions& options,
                      ScoringPlan& plan, std::vector<Diagnostic>& diagnostics);

}  // namespace kamscore
