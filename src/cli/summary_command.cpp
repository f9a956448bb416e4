// kamscore summary: the customer base at a glance.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "cli/input_options.hpp"
#include "cli/stderr_report.hpp"
#include "kamscore/run/run.hpp"
#include "cli/terminal.hpp"
#include "kamscore/error.hpp"
#include "kamscore/explain/summary.hpp"

namespace kamscore {
namespace {

struct SummaryOptions {
    std::string format;
    std::string output_path;
    InputOptions input;
};

ExitCode run_summary(const SummaryOptions& options, const Environment& environment) {
    std::string format = options.format.empty() ? "text" : options.format;
    if (format == "table") format = "text";
    if (format != "text" && format != "json")
        throw Error(ExitCode::BadCommandLine, "-f '" + options.format + "': expected text or json");
    StderrReport report(options.input.quiet, options.input.verbose, false, std::nullopt);
    std::unique_ptr<ScoredRun> run = run_scoring(run_request(options.input, environment), &report);
    report.run_finished(*run);
    Summary summary = summarize(*run->plan, run->frame, run->outcomes, run->segments, run->made_missing,
                                run->rules_tier, run->compile_options);
    summary.sources = run->sources;
    const std::string out = format == "json" ? render_summary_json(summary) : render_summary_text(summary);
    write_output_text(options.output_path, out);
    return ExitCode::Ok;
}

}  // namespace

void register_summary_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<SummaryOptions>();
    CLI::App* summary = app.add_subcommand("summary", "Counts, revenue shares, portfolio grid and cut-offs of a scored export");
    summary->footer(
        "Shows customers and revenue share per tier and per segment, the funnel of the first\n"
        "tier (its 'when' one 'and'-joined condition at a time, then its capacity: customers,\n"
        "revenue and who left where), segments by tier, the portfolio grid as a\n"
        "matrix, a score histogram, the cut-offs (percentile points, median splits, Pareto\n"
        "boundaries), the next in line below every capped tier, and missing values per field.\n"
        "Revenue is the rules' 'summary: { revenue: ... }', else the value of the first pareto\n"
        "segment, else the value of the first percentile metric.\n"
        "Examples:\n"
        "  kamscore summary -r rules/kam-funnel.yaml examples/crm-export.csv\n"
        "  kamscore summary -r rules.yaml export.csv -f json -o summary.json\n"
        "Exit codes: 0 ok, 1 bad data, 2 bad command line, 3 bad rule file, 4 I/O failure.");
    summary->add_option("files", options->input.files, "CSV files or .xlsx workbooks (\"-\" or none: standard input)");
    summary->add_option("-f,--format", options->format, "text (default) or json");
    summary->add_option("-o,--output", options->output_path, "Write here instead of standard output (atomically)");
    add_input_options(*summary, options->input);
    summary->callback([options, &action] {
        action = [options](const Environment& environment) { return run_summary(*options, environment); };
    });
}

}  // namespace kamscore
