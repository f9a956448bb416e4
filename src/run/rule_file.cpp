#include "kamscore/run/rule_file.hpp"

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

std::unique_ptr<RuleSet> load_rule_file(const std::string& path, std::vector<std::string>& warnings) {
    LoadedRules loaded = load_rules(read_whole_file(path), path);
    if (loaded.has_errors()) throw Error(ExitCode::BadRules, "", {}, format_diagnostics(loaded.diagnostics, path));
    keep_warnings(loaded.diagnostics, warnings);
    auto rules = std::make_unique<RuleSet>(std::move(loaded.rules));
    rules->path = path;
    return rules;
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
