// kamscore test: run the test cases written in rule files (their `tests:` section).
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "cli/input_options.hpp"
#include "kamscore/run/rule_file.hpp"
#include "kamscore/run/rule_tests.hpp"
#include "kamscore/error.hpp"

namespace kamscore {
namespace {

struct TestOptions {
    std::vector<std::string> rules_paths;
    std::string today;
    bool verbose = false;
};

ExitCode run_test(const TestOptions& options) {
    const double today = today_from_option(options.today);
    expr::CompileOptions compile_options;
    compile_options.today = today;
    std::vector<std::shared_ptr<const RuleSet>> rule_sets;
    for (const auto& path : options.rules_paths) {
        std::vector<std::string> warnings;
        std::shared_ptr<const RuleSet> rules = load_rule_file(path, warnings);
        Frame frame;
        compile_rule_file(*rules, frame, {}, compile_options, warnings);   // rule-file errors first: exit 3
        for (const auto& warning : warnings) std::fputs(warning.c_str(), stderr);
        rule_sets.push_back(std::move(rules));
    }
    std::size_t passed = 0, failed = 0;
    for (const auto& rules : rule_sets) {
        if (rules->tests.empty()) {
            std::fprintf(stderr, "%swarning: %s has no tests (write them under 'tests:', see 'man kamscore')\n",
                         program_prefix, rules->path.c_str());
            continue;
        }
        RuleTestReport report = run_rule_tests(rules, today);
        for (const auto& line : report.failures) std::printf("%s\n", line.c_str());
        if (options.verbose)
            for (const auto& line : report.passes) std::printf("%s\n", line.c_str());
        passed += report.passed;
        failed += report.failed;
    }
    std::printf("%zu passed, %zu failed\n", passed, failed);
    flush_standard_output();
    return failed ? ExitCode::TestFailures : ExitCode::Ok;
}

}  // namespace

void register_test_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<TestOptions>();
    CLI::App* test = app.add_subcommand("test", "Run the test cases written in rule files (their 'tests:' section)");
    test->footer(
        "Each test's rows are scored by the same pipeline as 'kamscore score', among themselves\n"
        "(percentiles and medians over the test's rows). A failure prints one line: where, what\n"
        "was expected and the decision trace; then 'N passed, M failed'.\n"
        "Examples:\n"
        "  kamscore test rules/kam-funnel.yaml\n"
        "  kamscore test rules/*.yaml -v\n"
        "Exit codes: 0 all passed, 2 bad command line, 3 bad rule file, 4 I/O failure,\n"
        "5 a test failed.");
    test->add_option("rules", options->rules_paths, "YAML rule files")->required();
    test->add_option("--today", options->today, "The date days_since() counts to, unless a test says 'today:'");
    test->add_flag("-v,--verbose", options->verbose, "Also list the tests that pass");
    test->callback([options, &action] { action = [options](const Environment&) { return run_test(*options); }; });
}

}  // namespace kamscore
