// Runs the `tests:` cases of a rule file through the one run of `kamscore score` (run.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kamscore/rules/rule_set.hpp"

namespace kamscore {

/// What the tests of one rule file found.
struct RuleTestReport {
    std::size_t passed = 0;
    std::size_t failed = 0;
    /// One line per problem: "file:line:col: test 'name': ..." with the decision trace.
    std::vector<std::string> failures;
    /// "file:line:col: test 'name': ok", one per passing test (for -v).
    std::vector<std::string> passes;
};

/// Runs every test of `rules`. Each test's rows become a CSV (columns by name, in the rule file's
/// dialect: decimal mark, bool words), read, scored, segmented and classified exactly as `score`
/// does, with the test's `set`, `previous` and `today`. Percentile scales, medians and Pareto
/// classes are computed among the test's rows. `today` is used when a test names none.
RuleTestReport run_rule_tests(const std::shared_ptr<const RuleSet>& rules, double today);

}  // namespace kamscore
