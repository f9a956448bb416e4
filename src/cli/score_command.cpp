// kamscore score: CSV export + rule file -> one classified row per customer.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/customer_rows.hpp"
#include "cli/overrides_option.hpp"
#include "cli/kept_output.hpp"
#include "cli/previous_results.hpp"
#include "cli/progress_line.hpp"
#include "cli/read_inputs.hpp"
#include "cli/result_view.hpp"
#include "cli/rule_file.hpp"
#include "cli/terminal.hpp"
#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/atomic_file.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/table/kept_columns.hpp"

namespace kamscore {
namespace {

struct ScoreOptions {
    std::vector<std::string> files{"-"};
    std::string rules_path;
    std::string output_path;
    std::string format;
    std::vector<std::string> set;
    std::string delimiter;
    std::string encoding;
    std::string max_record_size;
    std::string decimal;
    std::string today;
    std::string color = "auto";
    std::string sort = "input";
    std::size_t top = 0;
    std::string where;
    std::string rejects_path;
    std::string previous_path;
    std::string overrides_path;
    bool members = false;
    bool skip_bad_rows = false;
    bool breakdown = false;
    std::vector<std::string> keep;
    bool keep_all = false;
    bool raw = false;
    bool quiet = false;
    bool verbose = false;
};

/// Prints "-v" lines with the time since the previous one.
class StageClock {
public:
    explicit StageClock(bool verbose) : verbose_(verbose) {}
    void done(const std::string& what) {
        auto now = std::chrono::steady_clock::now();
        if (verbose_)
            std::fprintf(stderr, "kamscore: %s (%.3f s)\n", what.c_str(),
                         std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }

private:
    bool verbose_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

Format choose_format(const ScoreOptions& options) {
    if (!options.format.empty()) {
        if (auto format = format_from_name(options.format)) return *format;
        throw Error(ExitCode::BadCommandLine,
                    "kamscore: error: -f '" + options.format + "': expected table, csv, tsv, json, jsonl, markdown or xlsx");
    }
    if (!options.output_path.empty()) return format_from_path(options.output_path).value_or(Format::Csv);
    return is_terminal(stdout) ? Format::Table : Format::Csv;
}

/// Refuses, before any input is read, a format this build lacks or xlsx bytes on a terminal.
void check_format_usable(Format format, const ScoreOptions& options) {
    if (!format_supported(format)) make_writer(format, {});   // throws the message
    const bool to_stdout = options.output_path.empty() || options.output_path == "-";
    if (format == Format::Xlsx && to_stdout && is_terminal(stdout))
        throw Error(ExitCode::BadCommandLine,
                    "kamscore: error: xlsx is a binary file and standard output is a terminal: "
                    "write it with -o FILE.xlsx (or redirect standard output to a file)");
}

CsvDialect dialect_for(const RuleSet& rules, const ScoreOptions& options) {
    CsvDialect dialect;
    dialect.delimiter = rules.input.delimiter;
    const std::string& given = options.delimiter;
    if (given == "auto") dialect.delimiter = 0;
    else if (given == "tab" || given == "\\t" || given == "\t") dialect.delimiter = '\t';
    else if (given == "," || given == ";" || given == "|") dialect.delimiter = given[0];
    else if (!given.empty())
        throw Error(ExitCode::BadCommandLine,
                    "kamscore: error: --delimiter '" + given + "': expected , ; tab | or auto");
    dialect.encoding = input_encoding(rules.input.encoding, options.encoding);
    if (!options.max_record_size.empty()) dialect.max_record_bytes = parse_record_size(options.max_record_size);
    return dialect;
}

SortOrder sort_order(const std::string& name) {
    if (name == "input") return SortOrder::Input;
    if (name == "score") return SortOrder::Score;
    if (name == "tier") return SortOrder::Tier;
    throw Error(ExitCode::BadCommandLine, "kamscore: error: --sort '" + name + "': expected input, score or tier");
}

/// Stops the run when a metric with `missing: error` has no value (the rows stay listed).
/// Stops the run when a metric with `missing: error` has no value. Such a row passed
/// reading, so it cannot be skipped like a bad record (its original bytes are gone and the
/// percentile scales already counted it): even with --skip-bad-rows the run stops, listing
/// the rows, so that rows in = rows out + rows rejected stays true.
void check_required_metrics(const ScoringPlan& plan, const Frame& frame, const CustomerRows& builder) {
    constexpr std::size_t listed = 20;
    const auto missing = find_missing_required(plan, frame);
    if (missing.empty()) return;
    std::string message;
    for (std::size_t i = 0; i < missing.size() && i < listed; ++i) {
        const MetricSpec& metric = plan.rules->metrics[missing[i].metric];
        message += fmt::format("{}:{}: metric '{}': the value is missing and the metric says 'missing: error'\n",
                               builder.files()[builder.file_of_row()[missing[i].row]],
                               builder.lines()[missing[i].row], metric.id);
    }
    if (missing.size() > listed) message += fmt::format("kamscore: ... and {} more\n", missing.size() - listed);
    message += fmt::format("kamscore: error: {} row{} without a required metric value; nothing was written. "
                           "Fill the values, or give the metric 'missing: zero' or 'missing: skip'",
                           missing.size(), missing.size() == 1 ? "" : "s");
    throw Error(ExitCode::BadData, message);
}

/// Rows per row-stage batch. KAMSCORE_ROW_BATCH=N changes it (0: no batches, every field of
/// every row is held and computed after reading, as before batches existed), so that tests
/// can check that batches change nothing and the benchmark can measure what they gain.
std::size_t row_batch_rows() {
    if (const char* given = std::getenv("KAMSCORE_ROW_BATCH")) return std::strtoull(given, nullptr, 10);
    return RowStage{}.batch_rows;
}

ExitCode run_score(const ScoreOptions& options) {
    StageClock clock(options.verbose);
    std::unique_ptr<RuleSet> rules = load_rule_file(options.rules_path);
    if (!options.decimal.empty()) {
        if (options.decimal != "." && options.decimal != ",")
            throw Error(ExitCode::BadCommandLine, "kamscore: error: --decimal '" + options.decimal + "': expected . or ,");
        rules->input.decimal = options.decimal[0];
    }
    expr::CompileOptions compile_options;
    compile_options.today = today_from_option(options.today);
    const Format format = choose_format(options);
    check_format_usable(format, options);
    ResultSelection selection{sort_order(options.sort), options.top ? std::optional(options.top) : std::nullopt,
                              options.where, options.breakdown};

    Frame frame;
    ScoringPlan plan = compile_rule_file(*rules, frame, parse_overrides(options.set), compile_options);
    clock.done("rules loaded and compiled");

    CustomerRows input(plan, frame);   // with input.group: member rows, rolled up by finish()
    TableBuilder& builder = input.builder();
    if (input.is_grouped() && (options.keep_all || !options.keep.empty()))
        throw Error(ExitCode::BadCommandLine, "kamscore: error: --keep and --keep-all pass input rows through, but the "
                                              "rules roll rows up into groups (input.group): drop them");
    if (options.keep_all && !options.keep.empty())
        throw Error(ExitCode::BadCommandLine, "kamscore: error: --keep-all already keeps every column: drop --keep");
    if (const std::size_t batch_rows = row_batch_rows(); batch_rows > 0 && !input.is_grouped()) {
        RowStage stage = plan_row_stage(plan, frame, slots_read_by_output(plan, frame, selection, format, compile_options));
        stage.batch_rows = batch_rows;
        builder.stage_rows(stage);
    }
    KeptColumns kept(frame, options.keep, options.keep_all, {rules->input.id_column, rules->input.label_column});
    if (!kept.is_empty_request()) builder.keep_columns(&kept);
    RejectSink rejects(BadRowPolicy{options.skip_bad_rows, options.rejects_path, options.quiet});
    // Skipped rows are reported while reading: no progress line to interleave with them.
    ProgressLine progress(progress_wanted(options.quiet || options.skip_bad_rows), total_file_size(options.files));
    InputCounts counts =
        read_inputs(options.files, dialect_for(*rules, options), input.reading_plan(), builder, rejects,
                    {options.quiet, options.verbose}, &progress);
    progress.finish();
    input.finish();
    if (options.members) input.add_members_column(plan);
    clock.done(fmt::format("read {} rows{}", counts.records, counts.two_threads ? " with 2 threads" : ""));
    if (!options.previous_path.empty()) {
        read_previous_results(options.previous_path, plan, frame, options.quiet);
        clock.done("read the previous results");
    }

    if (!builder.row_stage()) compute_row_values(plan, frame);   // else computed while reading
    check_required_metrics(plan, frame, input);
    rejects.finish();
    compute_scores(plan, frame);
    compute_segments(plan, frame);
    OverridesInEffect overrides = read_overrides_option(options.overrides_path, plan, frame, compile_options.today,
                                                        input, options.quiet);
    classify(plan, frame, overrides.applied.forced);
    finish_previous_results(plan, frame, options.verbose);
    clock.done("scored and classified");

    // Only the written columns: the row stage did not hold the others.
    OutputTable table{written_columns(plan, frame, selection.breakdown, format),
                      select_rows(plan, frame, selection, compile_options)};
    append_kept_columns(table.columns, kept, frame);
    WriteOptions write_options;
    write_options.raw = options.raw;
    write_options.tier_column = "tier";
    for (const auto& tier : rules->tiers) write_options.color_order.push_back(tier.id);
    if (format == Format::Table && options.output_path.empty()) {
        write_options.color = use_color(options.color, stdout);
        write_options.terminal_width = terminal_width();
    } else {
        use_color(options.color, stdout);   // validates the value
    }
    auto writer = make_writer(format, write_options);
    if (options.output_path.empty() || options.output_path == "-") {
        writer->write(table, stdout);
        if (std::fflush(stdout) != 0) throw Error(ExitCode::IoFailure, "kamscore: error: cannot write to standard output");
    } else {
        AtomicFile output(options.output_path);
        writer->write(table, output.stream());
        output.commit();
    }
    clock.done(fmt::format("wrote {} rows", table.rows.size()));
    if (options.verbose)
        std::fprintf(stderr, "kamscore: %s\n", describe_row_counts(counts, frame.rows, rejects.count()).c_str());
    return ExitCode::Ok;
}

}  // namespace

void register_score_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<ScoreOptions>();
    CLI::App* score = app.add_subcommand("score", "Classify every customer of a CSV export");
    score->footer(
        "Examples:\n"
        "  kamscore score -r rules/kam-funnel.yaml examples/crm-export.csv\n"
        "  kamscore score -r rules.yaml export.csv -o result.csv --breakdown\n"
        "  crm-export | kamscore score -r rules.yaml -f jsonl --set min_score=65\n"
        "  kamscore score -r rules.yaml export.csv -o result.xlsx --keep owner,region\n"
        "  kamscore score -r rules.yaml export.csv -f markdown --sort score --top 10\n"
        "  kamscore score -r rules.yaml today.csv --previous yesterday.csv -o result.csv   # stickiness\n"
        "  kamscore score -r rules.yaml export.csv --overrides board.csv --where 'override != \"\"'\n"
        "  kamscore score -r group-rules.yaml export.csv --members   # rules with input.group\n"
        "Exit codes: 0 ok, 1 bad data, 2 bad command line, 3 bad rule file, 4 I/O failure.");
    score->add_option("files", options->files, "CSV files to score (\"-\" or none: standard input)");
    score->add_option("-r,--rules", options->rules_path, "YAML rule file")->required();
    score->add_option("-o,--output", options->output_path,
                      "Write here instead of standard output (atomically; format from the extension)");
    score->add_option("-f,--format", options->format,
                      "table, csv, tsv, json, jsonl, markdown or xlsx (default: table on a terminal, else csv; "
                      "xlsx needs -o FILE or a redirection)");
    score->add_flag("--breakdown", options->breakdown, "Add raw value and points of every metric and each strategic criterion");
    score->add_option("--keep", options->keep, "Pass these input columns through, after the others: COL,COL,... (as text)")
        ->delimiter(',');
    score->add_flag("--keep-all", options->keep_all, "Pass every input column through, after the others");
    score->add_option("--set", options->set, "Override a param of the rule file: NAME=VALUE (repeatable)");
    score->add_option("--sort", options->sort, "Row order: input (default), score or tier");
    score->add_option("--top", options->top, "Only the first N rows (after sorting)");
    score->add_option("--where", options->where, "Only rows for which this expression holds, e.g. 'tier == \"key_account\"'");
    score->add_flag("--skip-bad-rows", options->skip_bad_rows, "Report bad rows on stderr and score the rest");
    score->add_option("--rejects", options->rejects_path, "Write the original lines of bad rows to this file");
    score->add_option("--previous", options->previous_path,
                      "Earlier results (csv/tsv/json/jsonl): tiers with 'stay:' keep their customers; adds "
                      "previous_tier and change");
    score->add_option("--overrides", options->overrides_path,
                      "CSV or YAML file of forced tiers (id, tier, reason, owner, expires): the sales board's word");
    score->add_flag("--members", options->members, "With input.group: add a column of each group's member ids (;-joined)");
    score->add_option("--delimiter", options->delimiter, "Input delimiter: , ; tab | or auto (overrides the rule file)");
    score->add_option("--encoding", options->encoding,
                      "Input encoding: utf-8, windows-1252 or latin-1 (overrides the rule file)");
    score->add_option("--max-record-size", options->max_record_size,
                      "Largest record accepted, e.g. 64M (default) or 1G; a larger one is an error");
    score->add_option("--decimal", options->decimal, "Decimal mark of input numbers: . or , (overrides the rule file)");
    score->add_option("--today", options->today, "The date days_since() counts to (default: today)");
    score->add_flag("--raw", options->raw, "Do not neutralise spreadsheet formulas in CSV/TSV text cells");
    score->add_option("--color", options->color, "Colour the terminal table: auto, always or never");
    score->add_flag("-q,--quiet", options->quiet, "Print no warnings or skipped-row lines");
    score->add_flag("-v,--verbose", options->verbose, "Print row counts and timings per stage on stderr");
    score->callback([options, &action] { action = [options] { return run_score(*options); }; });
}

}  // namespace kamscore
