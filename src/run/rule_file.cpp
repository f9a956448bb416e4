#include "kamscore/run/rule_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"

namespace kamscore {
namespace {

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ExitCode::IoFailure, "cannot read rule file '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(ExitCode::IoFailure, "cannot read rule file '" + path + "'");
    return std::move(text).str();
}

void keep_warnings(const std::vector<Diagnostic>& diagnostics, std::vector<std::string>& warnings) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.severity != Severity::Error) warnings.push_back(format_diagnostic(diagnostic));
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.severity == Severity::Error) return true;
    return false;
}

}  // namespace

std::unique_ptr<RuleSet> load_rule_file(const std::string& path, std::vector<std::string>& warnings,
                                        bool defer_unknown_test_columns) {
    std::string text = read_whole_file(path);
    LoadedRules loaded = load_rules(text, path);
    const auto errors = std::count_if(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.severity == Severity::Error; });
    const bool only_test_columns = static_cast<std::size_t>(errors) == loaded.rules.unknown_test_columns.size();
    if (errors > 0 && !(defer_unknown_test_columns && only_test_columns))
        throw Error(ExitCode::BadRules, "", {}, format_diagnostics(loaded.diagnostics, path));
    keep_warnings(loaded.diagnostics, warnings);
    auto rules = std::make_unique<RuleSet>(std::move(loaded.rules));
    rules->path = path;
    rules->text = std::move(text);
    return rules;
}

void check_unknown_test_columns(const RuleSet& rules) {
    if (rules.unknown_test_columns.empty()) return;
    std::vector<Diagnostic> diagnostics;
    for (const auto& unknown : rules.unknown_test_columns) diagnostics.push_back(unknown.diagnostic);
    throw Error(ExitCode::BadRules, "", {}, format_diagnostics(diagnostics, rules.path));
}

ScoringPlan compile_rule_file(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                              const expr::CompileOptions& options, std::vector<std::string>& warnings) {
    PlanResult result = build_plan(rules, frame, overrides, options);
    if (has_errors(result.diagnostics) || !result.plan)
        throw Error(ExitCode::BadRules, "", {}, format_diagnostics(result.diagnostics, rules.path));
    keep_warnings(result.diagnostics, warnings);
    return std::move(*result.plan);
}

}  // namespace kamscore
