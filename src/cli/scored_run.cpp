#include "cli/scored_run.hpp"

#include "cli/rule_file.hpp"
#include "kamscore/error.hpp"
#include "kamscore/score/evaluate.hpp"

namespace kamscore {
namespace {

CsvDialect dialect_for(const RuleSet& rules, const std::string& given) {
    CsvDialect dialect;
    dialect.delimiter = rules.input.delimiter;
    if (given == "auto") dialect.delimiter = 0;
    else if (given == "tab" || given == "\\t" || given == "\t") dialect.delimiter = '\t';
    else if (given == "," || given == ";" || given == "|") dialect.delimiter = given[0];
    else if (!given.empty())
        throw Error(ExitCode::BadCommandLine, "kamscore: error: --delimiter '" + given + "': expected , ; tab | or auto");
    return dialect;
}

}  // namespace

void add_run_options(CLI::App& command, RunOptions& options) {
    command.add_option("-r,--rules", options.rules_path, "YAML rule file")->required();
    command.add_option("--set", options.set, "Override a param of the rule file: NAME=VALUE (repeatable)");
    command.add_option("--overrides", options.overrides_path,
                       "CSV or YAML file of forced tiers (id, tier, reason, owner, expires)");
    command.add_flag("--skip-bad-rows", options.skip_bad_rows, "Report bad rows on stderr and use the rest");
    command.add_option("--delimiter", options.delimiter, "Input delimiter: , ; tab | or auto (overrides the rule file)");
    command.add_option("--decimal", options.decimal, "Decimal mark of input numbers: . or , (overrides the rule file)");
    command.add_option("--today", options.today, "The date days_since() counts to (default: today)");
    command.add_flag("-q,--quiet", options.quiet, "Print no warnings or skipped-row lines");
}

std::unique_ptr<ScoredRun> run_scoring(const RunOptions& options) {
    auto run = std::make_unique<ScoredRun>();
    run->rules = load_rule_file(options.rules_path);
    if (!options.decimal.empty()) {
        if (options.decimal != "." && options.decimal != ",")
            throw Error(ExitCode::BadCommandLine, "kamscore: error: --decimal '" + options.decimal + "': expected . or ,");
        run->rules->input.decimal = options.decimal[0];
    }
    run->compile_options.today = today_from_option(options.today);
    const CsvDialect dialect = dialect_for(*run->rules, options.delimiter);
    run->plan = std::make_unique<ScoringPlan>(
        compile_rule_file(*run->rules, run->frame, parse_overrides(options.set), run->compile_options));
    ScoringPlan& plan = *run->plan;
    Frame& frame = run->frame;

    run->input = std::make_unique<CustomerRows>(plan, frame);
    RejectSink rejects(BadRowPolicy{options.skip_bad_rows, "", options.quiet});
    run->counts = read_inputs(options.files, dialect, run->input->reading_plan(), run->input->builder(), rejects);
    run->input->finish();
    compute_row_values(plan, frame);
    for (const auto& missing : find_missing_required(plan, frame)) {
        const auto& input = *run->input;
        rejects.add(Reject{input.files()[input.file_of_row()[missing.row]], input.lines()[missing.row],
                           "metric '" + plan.rules->metrics[missing.metric].id +
                               "': the value is missing and the metric says 'missing: error'",
                           ""});
    }
    rejects.finish();
    compute_scores(plan, frame);
    run->segments = compute_segments(plan, frame);
    run->overrides = read_overrides_option(options.overrides_path, plan, frame, run->compile_options.today, *run->input,
                                           options.quiet);
    if (!run->overrides.applied.forced.empty()) {
        classify(plan, frame);
        run->rules_tier = tier_indices(plan, frame);
    }
    run->outcomes = classify(plan, frame, run->overrides.applied.forced);
    if (run->rules_tier.empty()) run->rules_tier = tier_indices(plan, frame);
    return run;
}

}  // namespace kamscore
