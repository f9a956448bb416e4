// The scoring pipeline of `score`, without output, for the commands that look at the
// result as a whole: explain and summary.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/customer_rows.hpp"
#include "cli/overrides_option.hpp"
#include "cli/read_inputs.hpp"
#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/score/plan.hpp"

namespace kamscore {

/// The options explain and summary share with score.
struct RunOptions {
    std::vector<std::string> files{"-"};
    std::string rules_path;
    std::vector<std::string> set;
    std::string delimiter;
    std::string decimal;
    std::string today;
    std::string overrides_path;
    bool skip_bad_rows = false;
    bool quiet = false;
};

/// Registers the shared options on a subcommand (files are the caller's).
void add_run_options(CLI::App& command, RunOptions& options);

/// A scored and classified run, kept whole for inspection.
struct ScoredRun {
    std::unique_ptr<RuleSet> rules;
    Frame frame;
    std::unique_ptr<ScoringPlan> plan;
    std::unique_ptr<CustomerRows> input;
    expr::CompileOptions compile_options;
    InputCounts counts;
    std::vector<SegmentOutcome> segments;
    OverridesInEffect overrides;
    std::vector<TierOutcome> outcomes;
    std::vector<std::uint16_t> rules_tier;   ///< per row: the tier by the rules alone (before overrides)
};

/// Loads the rules, reads the input (rolling up groups), scores, segments, applies the
/// overrides and classifies, as `score` does. Throws Error like `score`.
std::unique_ptr<ScoredRun> run_scoring(const RunOptions& options);

}  // namespace kamscore
