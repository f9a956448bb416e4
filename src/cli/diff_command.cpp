// kamscore diff: who moved between two result files (a nightly migration report).
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "kamscore/run/rule_file.hpp"
#include "cli/terminal.hpp"
#include "kamscore/classify/migration.hpp"
#include "kamscore/error.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {
namespace {

struct DiffOptions {
    std::string old_path;
    std::string new_path;
    std::string id_column;
    std::string rules_path;
    std::string output_path;
    std::string format;
    std::string color = "auto";
    bool all = false;
    bool quiet = false;
};

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

/// Reads id, tier, score (optional) and the label: the column between a leading id column and
/// `tier`, as the score command writes it.
ResultFile read_results(const std::string& path, const DiffOptions& options) {
    if (path == "-" && options.old_path == options.new_path)
        throw Error(ExitCode::BadCommandLine, "only one of OLD and NEW can be standard input");
    ResultFile file = read_result_file(open_byte_source(path), display_name(path),
                                       {{options.id_column, true, 0}, {"tier", true, 0}, {"score", false, 0},
                                        {"", false, 1}, {"change", false, 0}, {"override", false, 0}});
    const auto& header = file.header;
    bool has_label = header.size() > 2 && file.names[result_id] == header[0] && header[2] == file.names[result_tier] &&
                     header[1] != "tier_label";
    if (!has_label) file.columns[result_label].assign(file.rows, std::string_view());
    file.names[result_label] = has_label ? header[1] : std::string();
    return file;
}

Format choose_format(const DiffOptions& options) {
    std::optional<Format> format;
    if (!options.format.empty()) {
        format = format_from_name(options.format);
        if (!format || *format == Format::Xlsx)
            throw Error(ExitCode::BadCommandLine, "-f '" + options.format +
                                                      "': expected table, csv, tsv, json, jsonl or markdown");
        return *format;
    }
    if (!options.output_path.empty() && options.output_path != "-") {
        format = format_from_path(options.output_path);
        if (format && *format != Format::Xlsx) return *format;
        return Format::Csv;
    }
    return is_terminal(stdout) ? Format::Table : Format::Csv;
}

/// The report as a frame of text and number columns, for the writers.
struct ReportTable {
    Frame frame;
    OutputTable table;
};

std::unique_ptr<ReportTable> report_table(const MigrationReport& report, const std::string& id_name,
                                          const std::string& label_name) {
    auto result = std::make_unique<ReportTable>();
    Frame& frame = result->frame;
    frame.rows = report.rows.size();
    const int id = frame.add_column("id", Type::Text);
    const int label = label_name.empty() ? -1 : frame.add_column("label", Type::Text);
    const int change = frame.add_column("change", Type::Text);
    const bool knows_holders = report.knows_stay || report.knows_overrides;
    const int held_by = knows_holders ? frame.add_column("held_by", Type::Text) : -1;
    const int old_tier = frame.add_column("old_tier", Type::Text);
    const int new_tier = frame.add_column("new_tier", Type::Text);
    const int old_score = frame.add_column("old_score", Type::Number);
    const int new_score = frame.add_column("new_score", Type::Number);
    for (std::size_t row = 0; row < report.rows.size(); ++row) {
        const Migration& m = report.rows[row];
        frame.columns[id].texts[row] = m.id;
        if (label >= 0) frame.columns[label].texts[row] = m.label;
        frame.columns[change].texts[row] = movement_name(m.movement);
        if (held_by >= 0) frame.columns[held_by].texts[row] = m.held_by;
        frame.columns[old_tier].texts[row] = m.old_tier;
        frame.columns[new_tier].texts[row] = m.new_tier;
        frame.columns[old_score].numbers[row] = m.old_score;
        frame.columns[new_score].numbers[row] = m.new_score;
    }
    auto column = [&](int slot) { return &frame.columns[slot]; };
    auto& columns = result->table.columns;
    columns.push_back({id_name, {}, column(id), -1, true});
    if (label >= 0) columns.push_back({label_name, {}, column(label), -1, true});
    columns.push_back({"change", {}, column(change), -1, true});
    if (held_by >= 0) columns.push_back({"held_by", {}, column(held_by), -1, true});
    columns.push_back({"old_tier", {}, column(old_tier), -1, true});
    columns.push_back({"new_tier", {}, column(new_tier), -1, true});
    columns.push_back({"old_score", {}, column(old_score), 2, true});
    columns.push_back({"new_score", {}, column(new_score), 2, true});
    for (std::uint32_t row = 0; row < frame.rows; ++row) result->table.rows.push_back(row);
    return result;
}

ExitCode run_diff(const DiffOptions& options, const Environment& environment) {
    const Format format = choose_format(options);
    std::vector<std::string> tier_order;
    if (!options.rules_path.empty()) {
        // Held in a variable: a range-for over load_rule_file(...)->tiers would read freed memory.
        std::vector<std::string> warnings;
        std::unique_ptr<RuleSet> rules = load_rule_file(options.rules_path, warnings);
        for (const auto& warning : warnings) std::fputs(warning.c_str(), stderr);
        for (const auto& tier : rules->tiers) tier_order.push_back(tier.id);
    }
    ResultFile old_results = read_results(options.old_path, options);
    ResultFile new_results = read_results(options.new_path, options);
    MigrationReport report = compare_results(old_results, new_results, tier_order, options.all);

    auto table = report_table(report, new_results.names[result_id], new_results.names[result_label]);
    WriteOptions write_options;
    write_options.tier_column = "new_tier";
    write_options.one_thread = environment.threads == 1;
    write_options.color_order = report.tier_order;
    const bool to_stdout = options.output_path.empty() || options.output_path == "-";
    write_options.color = use_color(options.color, stdout, environment) && format == Format::Table && to_stdout;
    if (format == Format::Table && to_stdout) write_options.terminal_width = terminal_width(environment);
    auto writer = make_writer(format, write_options);
    write_output(options.output_path, [&](std::FILE* out) { writer->write(table->table, out); });
    if (!options.quiet) {
        const auto& n = report.counts;
        // Held counts only when NEW can tell them: otherwise "0 held by stay" would be a guess.
        std::string held;
        if (report.knows_stay) held += fmt::format(", {} held by stay", report.held_by_stay);
        if (report.knows_overrides) held += fmt::format(", {} held by overrides", report.held_by_override);
        std::fprintf(stderr, "kamscore: %zu up, %zu down, %zu appeared, %zu disappeared, %zu same%s\n",
                     n[static_cast<std::size_t>(Movement::Up)], n[static_cast<std::size_t>(Movement::Down)],
                     n[static_cast<std::size_t>(Movement::Appeared)], n[static_cast<std::size_t>(Movement::Disappeared)],
                     n[static_cast<std::size_t>(Movement::Same)], held.c_str());
    }
    return ExitCode::Ok;
}

}  // namespace

void register_diff_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* diff = app.add_subcommand("diff", "Who moved up, down, appeared or disappeared between two result files");
    diff->footer(
        "OLD and NEW are results of 'kamscore score' (csv, tsv, json or jsonl). Customers are matched\n"
        "by the first column (or --id); 'up' is a better tier, earlier in the rule file's tier list\n"
        "(-r); without -r, tiers rank by their mean score. When NEW has score's 'change' or\n"
        "'override' column, a 'held_by' column names who holds a tier: 'stay' (change 'kept') or\n"
        "'override'; those customers are listed even when their tier is the same.\n"
        "Counts go to standard error; exit 0.\n"
        "Examples:\n"
        "  kamscore diff yesterday.csv today.csv\n"
        "  kamscore diff -r rules/kam-funnel.yaml yesterday.csv today.csv -f json -o changes.json\n"
        "  kamscore diff old.jsonl new.csv --id customer_id --all -f csv\n"
        "Exit codes: 0 ok, 1 bad data (a missing column, a repeated id), 2 bad command line,\n"
        "3 bad rule file, 4 I/O failure.");
    diff->add_option("old", options->old_path, "The earlier result file")->required();
    diff->add_option("new", options->new_path, "The later result file")->required();
    diff->add_option("--id", options->id_column, "The id column (default: the first column)");
    diff->add_option("-r,--rules", options->rules_path, "Rule file whose tier list ranks the tiers (best first)");
    diff->add_option("-o,--output", options->output_path, "Write here instead of standard output (atomically)");
    diff->add_option("-f,--format", options->format,
                     "table, csv, tsv, json, jsonl or markdown (default: table on a terminal, else csv)");
    diff->add_flag("--all", options->all, "Also list customers whose tier did not change ('same')");
    diff->add_option("--color", options->color, "Colour the terminal table: auto, always or never");
    diff->add_flag("-q,--quiet", options->quiet, "Print no counts on standard error");
    diff->callback([options, &action] { action = [options](const Environment& environment) { return run_diff(*options, environment); }; });
}

}  // namespace kamscore
