// kamscore explain: the full decision trace of some customers.
#include <cstdio>
#include <sys/stat.h>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/scored_run.hpp"
#include "kamscore/closest_ids.hpp"
#include "kamscore/error.hpp"
#include "kamscore/explain/render.hpp"

namespace kamscore {
namespace {

struct ExplainOptions {
    std::vector<std::string> arguments;   ///< ids, then the input file (or - / none: stdin)
    std::string format = "text";
    RunOptions run;
};

bool is_input_file(const std::string& argument) {
    struct stat info {};
    return argument == "-" || (::stat(argument.c_str(), &info) == 0 && !S_ISDIR(info.st_mode));
}

/// The ids to explain and the input: the last argument is the input when it is '-' or a file.
std::vector<std::string> split_arguments(const std::vector<std::string>& arguments, RunOptions& run) {
    std::vector<std::string> ids = arguments;
    if (!ids.empty() && is_input_file(ids.back())) {
        run.files = {ids.back()};
        ids.pop_back();
    }
    if (ids.empty())
        throw Error(ExitCode::BadCommandLine,
                    "kamscore: error: explain needs at least one customer id before the input file, e.g. "
                    "'kamscore explain C0042 -r rules.yaml export.csv'");
    return ids;
}

std::uint32_t find_row(const ScoredRun& run, const std::string& id, const std::string& input) {
    const auto& ids = run.frame.columns[run.plan->id_slot].texts;
    for (std::uint32_t row = 0; row < run.frame.rows; ++row)
        if (ids[row] == id) return row;
    if (const GroupRollup* rollup = run.input->rollup()) {
        auto group = rollup->group_of_member.find(id);
        if (group != rollup->group_of_member.end()) {
            std::fprintf(stderr, "kamscore: note: %s is a member of group %s; explaining the group\n", id.c_str(),
                         group->second.c_str());
            return find_row(run, group->second, input);
        }
    }
    std::string closest = closest_ids_text(id, ids);
    throw Error(ExitCode::BadData, fmt::format("kamscore: error: no customer '{}' in {}{}", id, input,
                                               closest.empty() ? "" : "; " + closest));
}

ExitCode run_explain(ExplainOptions options) {
    if (options.format != "text" && options.format != "json")
        throw Error(ExitCode::BadCommandLine, "kamscore: error: -f '" + options.format + "': expected text or json");
    std::vector<std::string> ids = split_arguments(options.arguments, options.run);
    std::unique_ptr<ScoredRun> run = run_scoring(options.run);

    ExplainContext context;
    context.outcomes = &run->outcomes;
    context.forced = &run->overrides.applied.forced;
    context.override_entry = &run->overrides.applied.entry;
    context.overrides = &run->overrides.entries;
    context.formula_tier = &run->rules_tier;
    context.compile_options = run->compile_options;

    std::vector<Explanation> explanations;
    for (const std::string& id : ids) {
        std::uint32_t row = find_row(*run, id, options.run.files.front() == "-" ? "<stdin>" : options.run.files.front());
        Explanation explanation = explain_customer(*run->plan, run->frame, row, context);
        for (std::string_view member : run->input->member_ids(row)) explanation.members.emplace_back(member);
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
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
        throw Error(ExitCode::IoFailure, "kamscore: error: cannot write to standard output");
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
    explain->add_option("ids", options->arguments, "Customer ids, then the CSV file (\"-\" or none: standard input)")
        ->required();
    explain->add_option("-f,--format", options->format, "text (default) or json");
    add_run_options(*explain, options->run);
    explain->callback([options, &action] { action = [options] { return run_explain(*options); }; });
}

}  // namespace kamscore
