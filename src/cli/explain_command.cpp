// kamscore explain: the full decision trace of some customers.
#include <cstdio>
#include <sys/stat.h>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "cli/input_options.hpp"
#include "cli/stderr_report.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/closest_ids.hpp"
#include "kamscore/error.hpp"
#include "kamscore/explain/render.hpp"

namespace kamscore {
namespace {

struct ExplainOptions {
    std::vector<std::string> arguments;   ///< ids, then the input file (or - / none: stdin)
    std::string format = "text";
    InputOptions input;
};

bool is_input_file(const std::string& argument) {
    struct stat info {};
    return argument == "-" || (::stat(argument.c_str(), &info) == 0 && !S_ISDIR(info.st_mode));
}

/// The ids to explain and the input: the last argument is the input when it is '-' or a file.
std::vector<std::string> split_arguments(const std::vector<std::string>& arguments, InputOptions& input) {
    std::vector<std::string> ids = arguments;
    if (!ids.empty() && is_input_file(ids.back())) {
        input.files = {ids.back()};
        ids.pop_back();
    }
    if (ids.empty())
        throw Error(ExitCode::BadCommandLine,
                    "explain needs at least one customer id before the input file, e.g. "
                    "'kamscore explain C0042 -r rules.yaml export.csv'");
    return ids;
}

/// The row of `id`; a group member's id finds its group. An id whose row was rejected, or
/// that is not there at all, is an error that says so.
std::uint32_t find_row(const ScoredRun& run, const std::string& id, const std::string& input) {
    if (auto row = run.row_of(id)) return *row;
    if (const std::string* group = run.group_of_member(id)) {
        std::fprintf(stderr, "%snote: %s is a member of group %s; explaining the group\n", program_prefix, id.c_str(),
                     group->c_str());
        return find_row(run, *group, input);
    }
    if (const RejectedRow* rejected = run.rejected(id))
        throw Error(ExitCode::BadData,
                    fmt::format("customer '{}' was not scored: its row was rejected ({}); fix the row and run again",
                                id, rejected->message),
                    {rejected->file, rejected->line});
    const auto& ids = run.frame.columns[run.plan->id_slot].texts;
    std::string closest = closest_ids_text(id, ids);
    throw Error(ExitCode::BadData,
                fmt::format("no customer '{}' in {}{}", id, input, closest.empty() ? "" : "; " + closest));
}

ExitCode run_explain(ExplainOptions options, const Environment& environment) {
    if (options.format != "text" && options.format != "json")
        throw Error(ExitCode::BadCommandLine, "-f '" + options.format + "': expected text or json");
    std::vector<std::string> ids = split_arguments(options.arguments, options.input);
    StderrReport report(options.input.quiet, options.input.verbose, false, std::nullopt);
    std::unique_ptr<ScoredRun> run = run_scoring(run_request(options.input, environment), &report);
    report.run_finished(*run);

    ExplainContext context;
    context.outcomes = &run->outcomes;
    context.forced = &run->overrides.applied.forced;
    context.override_entry = &run->overrides.applied.entry;
    context.overrides = &run->overrides.entries;
    context.formula_tier = &run->rules_tier;
    context.compile_options = run->compile_options;

    std::vector<Explanation> explanations;
    for (const std::string& id : ids) {
        std::uint32_t row = find_row(*run, id, run->counts.files.front().name);
        Explanation explanation = explain_customer(*run->plan, run->frame, row, context);
        for (std::string_view member : run->member_ids(row)) explanation.members.emplace_back(member);
        if (!run->rules->sources.empty()) {
            const std::vector<std::string> origins = run->field_origins(row);
            for (std::size_t f = 0; f < origins.size(); ++f)
                explanation.field_origins.emplace_back(run->rules->fields[f].name, origins[f]);
        }
        explanations.push_back(std::move(explanation));
    }
    std::string out;
    if (options.format == "json") {
        out = render_explanations_json(explanations);
    } else {
        for (std::size_t i = 0; i < explanations.size(); ++i) {
            if (i) out += '\n';
            out += render_explanation_text(explanations[i]);
        }
    }
    write_output_text("-", out);
    return ExitCode::Ok;
}

}  // namespace

void register_explain_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<ExplainOptions>();
    CLI::App* explain = app.add_subcommand("explain", "Show why customers got their tier, and what would lift them");
    explain->footer(
        "For each customer: every strategic criterion and the values it looked at, every metric's\n"
        "value -> scaled score -> points, each tier's condition in order and why it held or not\n"
        "(capacity included), and the smallest change to one metric that reaches the next better tier.\n"
        "The last argument is the input file when it is '-' or names a file; otherwise standard input.\n"
        "Examples:\n"
        "  kamscore explain C0000223 C0000241 -r rules/kam-funnel.yaml examples/crm-export.csv\n"
        "  kamscore explain C0000241 -r rules.yaml export.csv -f json --overrides board.csv\n"
        "Exit codes: 0 ok, 1 bad data or an unknown id, 2 bad command line, 3 bad rule file, 4 I/O failure.");
    explain->add_option("ids", options->arguments, "Customer ids, then the CSV file or .xlsx workbook (\"-\" or none: standard input)")
        ->required();
    explain->add_option("-f,--format", options->format, "text (default) or json");
    add_input_options(*explain, options->input);
    explain->callback([options, &action] {
        action = [options](const Environment& environment) { return run_explain(*options, environment); };
    });
}

}  // namespace kamscore
