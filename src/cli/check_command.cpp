// kamscore check: validate a rule file (and its fit to a CSV file) without scoring.
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/stderr_report.hpp"
#include "kamscore/error.hpp"
#include "kamscore/lint/lint_rules.hpp"
#include "kamscore/run/rule_file.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {
namespace {

constexpr std::size_t sample_rows = 1000;
constexpr std::size_t listed_bad_rows = 10;

struct CheckOptions {
    InputOptions input;   ///< input.rules_path is the argument; input.files the --against file
    std::string against;
};

std::string rule_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

/// Scores the first rows of the --against file as `score` would, with the same options.
std::unique_ptr<ScoredRun> sample_run(const CheckOptions& options, const Environment& environment) {
    RunRequest request = run_request(options.input, environment);
    request.inputs = {InputSource::file(options.against)};
    request.max_rows = sample_rows;
    request.skip_bad_rows = true;   // every bad row of the sample is listed, none stops the check
    request.apply_guards = false;   // a sample says nothing about the export's size
    request.wanted.all = true;      // the text fields' values are checked against the rules
    // Quiet: the bad rows are listed below, once; -v still shows the stages and the row counts.
    StderrReport report(true, options.input.verbose, false, std::nullopt);
    std::unique_ptr<ScoredRun> run = run_scoring(request, &report);
    report.run_finished(*run);
    return run;
}

/// The distinct values of each text field in the sample, for the comparisons lint checks.
SeenTexts seen_texts(const ScoredRun& run, const std::string& file) {
    SeenTexts seen;
    seen.source = fmt::format("the first {} rows of {}", run.counts.records, file);
    const RuleSet& rules = *run.rules;
    for (std::size_t f = 0; f < rules.fields.size() && f < run.plan->field_slots.size(); ++f) {
        const Column& column = run.frame.columns[static_cast<std::size_t>(run.plan->field_slots[f])];
        if (column.type != Type::Text || column.texts.size() < run.frame.rows) continue;
        std::vector<std::string>& values = seen.by_field[rules.fields[f].name];
        std::set<std::string_view> known;
        for (std::uint32_t row = 0; row < run.frame.rows; ++row) {
            const std::string_view text = column.texts[row];
            if (text.empty() || !known.insert(text).second) continue;
            values.emplace_back(text);
        }
    }
    return seen;
}

/// Prints the first bad rows of the sample. Returns false when a row cannot be used.
bool sample_converts(const ScoredRun& run, const std::string& file) {
    const auto& rejects = run.rejects;
    for (std::size_t i = 0; i < rejects.size() && i < listed_bad_rows; ++i)
        std::fprintf(stderr, "%s:%llu: %s\n", rejects[i].file.c_str(), static_cast<unsigned long long>(rejects[i].line),
                     rejects[i].message.c_str());
    if (rejects.size() > listed_bad_rows)
        std::fprintf(stderr, "%s... and %zu more bad rows\n", program_prefix, rejects.size() - listed_bad_rows);
    if (rejects.empty()) return true;
    std::fputs(format_error(Error(ExitCode::BadData, fmt::format("{} of the first {} rows of {} cannot be converted",
                                                                  rejects.size(), run.counts.records, file)))
                   .c_str(),
               stderr);
    return false;
}

ExitCode run_check(const CheckOptions& options, const Environment& environment) {
    const std::string& rules_path = options.input.rules_path;
    std::vector<std::string> warnings;
    // With --against, a field pointed at a column the file lacks is named before the test
    // errors it causes (the sample's run reports both, in that order).
    std::unique_ptr<RuleSet> rules = load_rule_file(rules_path, warnings, !options.against.empty());
    if (!rules->unknown_test_columns.empty()) sample_run(options, environment);
    Frame frame;
    expr::CompileOptions compile_options;
    compile_options.today = today_from_option(options.input.today);
    ScoringPlan plan = compile_rule_file(*rules, frame, {}, compile_options, warnings);
    for (const auto& warning : warnings) std::fputs(warning.c_str(), stderr);

    // The sample is scored before the lint, which checks text comparisons against its values.
    std::unique_ptr<ScoredRun> sample;
    SeenTexts seen;
    if (!options.against.empty()) {
        sample = sample_run(options, environment);
        seen = seen_texts(*sample, sample->counts.files.empty() ? options.against : sample->counts.files.front().name);
    }
    std::vector<Diagnostic> lints = lint_rules(*rules, plan, rule_text(rules_path), sample ? &seen : nullptr);
    for (const auto& lint : lints) std::fputs(format_diagnostic(lint).c_str(), stderr);
    if (!lints.empty())
        std::fprintf(stderr, "%s%zu warning%s in %s\n", program_prefix, lints.size(), lints.size() == 1 ? "" : "s",
                     rules_path.c_str());

    if (sample && !sample_converts(*sample, sample->counts.files.empty() ? options.against
                                                                          : sample->counts.files.front().name))
        return ExitCode::BadData;
    if (!lints.empty()) return ExitCode::TestFailures;
    if (!options.input.quiet)
        std::fprintf(stderr, "%s: ok (%zu fields, %zu metrics, %zu tiers)\n", rules_path.c_str(), rules->fields.size(),
                     rules->metrics.size(), rules->tiers.size());
    return ExitCode::Ok;
}

}  // namespace

void register_check_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand("check", "Validate a rule file, optionally against a CSV export or workbook");
    check->footer(
        "Reports every error of the rule file (exit 3), then warnings about rules that are\n"
        "probably not meant: zero weights, bands never reached, tiers that never match, a capacity\n"
        "that never limits, stay conditions without effect, unused fields, derived values and\n"
        "params, text comparisons that never hold (a segment label it does not have, lower(...)\n"
        "against capitals; with --against also a value the file's first rows never have)\n"
        "(exit 5). With --against, the file's header must have every column the rules use\n"
        "and its first 1000 rows must convert (exit 1 otherwise).\n"
        "Examples:\n"
        "  kamscore check rules/kam-funnel.yaml\n"
        "  kamscore check rules/kam-funnel.yaml --against examples/crm-export.csv\n"
        "Exit codes: 0 ok, 1 the file does not fit, 2 bad command line, 3 the rule file has errors,\n"
        "4 I/O failure, 5 warnings.");
    check->add_option("rules", options->input.rules_path, "YAML rule file")->required();
    check->add_option("--against", options->against,
                      "A CSV export or .xlsx workbook: its header must have every column the rules use, its first 1000 rows must convert");
    add_input_options(*check, options->input, false, false);
    check->callback([options, &action] {
        action = [options](const Environment& environment) { return run_check(*options, environment); };
    });
}

}  // namespace kamscore
