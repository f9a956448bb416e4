#include "cli/rule_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ExitCode::IoFailure, "kamscore: error: cannot read rule file '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(ExitCode::IoFailure, "kamscore: error: cannot read rule file '" + path + "'");
    return std::move(text).str();
}

void print_warnings(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.severity != Severity::Error) std::fputs(format_diagnostic(diagnostic).c_str(), stderr);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.severity == Severity::Error) return true;
    return false;
}

}  // namespace

std::unique_ptr<RuleSet> load_rule_file(const std::string& path) {
    LoadedRules loaded = load_rules(read_whole_file(path), path);
    if (loaded.has_errors()) throw Error(ExitCode::BadRules, format_diagnostics(loaded.diagnostics, path));
    print_warnings(loaded.diagnostics);
    auto rules = std::make_unique<RuleSet>(std::move(loaded.rules));
    rules->path = path;
    return rules;
}

ScoringPlan compile_rule_file(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                              const expr::CompileOptions& options) {
    PlanResult result = build_plan(rules, frame, overrides, options);
    if (has_errors(result.diagnostics) || !result.plan)
        throw Error(ExitCode::BadRules, format_diagnostics(result.diagnostics, rules.path));
    print_warnings(result.diagnostics);
    return std::move(*result.plan);
}

ParamOverrides parse_overrides(const std::vector<std::string>& items) {
    ParamOverrides overrides;
    for (const auto& item : items) {
        auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0)
            throw Error(ExitCode::BadCommandLine,
                        "kamscore: error: --set '" + item + "': expected NAME=VALUE, e.g. --set min_score=65");
        overrides[item.substr(0, equals)] = item.substr(equals + 1);
    }
    return overrides;
}

double today_from_option(const std::string& text) {
    if (!text.empty()) {
        auto days = parse_date(text);
        if (!days) throw Error(ExitCode::BadCommandLine, "kamscore: error: --today '" + text + "': expected a date like 2024-12-31");
        return *days;
    }
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return days_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday));
}

}  // namespace kamscore
