// kamscore score: CSV export + rule file -> one classified row per customer.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "cli/input_options.hpp"
#include "cli/kept_output.hpp"
#include "cli/progress_line.hpp"
#include "cli/stderr_report.hpp"
#include "cli/terminal.hpp"
#include "kamscore/error.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/explain/summary.hpp"
#include "kamscore/run/board_workbook.hpp"
#include "kamscore/run/provenance.hpp"
#include "kamscore/run/result_view.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {
namespace {

struct ScoreOptions {
    InputOptions input;
    std::string output_path;
    std::string format;
    std::string color = "auto";
    std::string sort = "input";
    std::string top;     ///< checked by top_rows()
    std::string excel;   ///< "": plain csv; "true" (a bare --excel), "en" or "de" (see excel_style)
    std::string where;
    bool members = false;
    bool breakdown = false;
    std::string keep;   ///< every --keep, joined by line breaks; each a comma-separated list
    std::string columns;                ///< every --columns, joined by line breaks
    bool columns_given = false;         ///< --columns '' (none) differs from no --columns
    std::string select;                 ///< every --select, joined by line breaks
    bool select_given = false;
    bool keep_all = false;
    bool raw = false;
    bool previous_columns = false;
    std::string provenance_path;   ///< --provenance FILE: the audit record as JSON
    bool id_headers = false;       ///< --id-headers: xlsx without the captions row
};

#ifndef KAMSCORE_VERSION
#define KAMSCORE_VERSION "0.0.0"
#endif

/// --provenance names a file of its own: not the result's, not standard output beside it.
void check_provenance_path(const ScoreOptions& options) {
    if (options.provenance_path.empty()) return;
    const auto is_stdout = [](const std::string& path) { return path.empty() || path == "-"; };
    // ./result.csv and result.csv are one file.
    const auto same_file = [](const std::string& a, const std::string& b) {
        return std::filesystem::absolute(a).lexically_normal() == std::filesystem::absolute(b).lexically_normal();
    };
    const bool both_stdout = is_stdout(options.provenance_path) && is_stdout(options.output_path);
    const bool both_files = !is_stdout(options.provenance_path) && !is_stdout(options.output_path);
    if (both_stdout || (both_files && same_file(options.provenance_path, options.output_path)))
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("--provenance {} is where the result goes{}: give the record a file of its own, "
                                "e.g. --provenance result.provenance.json",
                                options.provenance_path,
                                is_stdout(options.provenance_path) ? " (standard output)" : ""));
}

Format requested_format(const ScoreOptions& options) {
    if (!options.format.empty()) {
        if (auto format = format_from_name(options.format)) return *format;
        throw Error(ExitCode::BadCommandLine,
                    "-f '" + options.format + "': expected table, csv, tsv, json, jsonl, markdown or xlsx");
    }
    if (!options.output_path.empty()) return format_from_path(options.output_path).value_or(Format::Csv);
    // --excel asks for a file to open in Excel, even when it is shown on a terminal first.
    return is_terminal(stdout) && options.excel.empty() ? Format::Table : Format::Csv;
}

Format choose_format(const ScoreOptions& options) {
    const Format format = requested_format(options);
    if (!options.excel.empty() && format != Format::Csv)
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("--excel writes csv, but {} asks for {}: drop one of them",
                                options.format.empty() ? "-o '" + options.output_path + "'" : "-f " + options.format,
                                format_name(format)));
    return format;
}

/// --excel (or --excel=en): comma-separated with decimal points; --excel=de: ';' and decimal
/// commas, as an Excel whose decimal mark is the comma (German, French, ...) reads CSV.
void excel_style(const std::string& excel, WriteOptions& options) {
    if (excel.empty()) return;
    if (excel != "true" && excel != "en" && excel != "de")
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("--excel={}: expected --excel (commas between cells, decimal points) or "
                                "--excel=de (semicolons between cells, decimal commas)",
                                excel));
    options.excel = true;
    options.decimal_mark = excel == "de" ? ',' : '.';
}

/// --top N: at most N rows (0: the header only); none: every row.
std::optional<std::size_t> top_rows(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return parse_whole_number("--top", text, "a number of rows, 0 or more (0 writes only the header)");
}

/// Refuses, before any input is read, a format this build lacks or xlsx bytes on a terminal.
void check_format_usable(Format format, const ScoreOptions& options) {
    if (!format_supported(format)) make_writer(format, {});   // throws the message
    const bool to_stdout = options.output_path.empty() || options.output_path == "-";
    if (format == Format::Xlsx && to_stdout && is_terminal(stdout))
        throw Error(ExitCode::BadCommandLine,
                    "xlsx is a binary file and standard output is a terminal: "
                    "write it with -o FILE.xlsx (or redirect standard output to a file)");
}

/// The pieces of `text` between `separator`s ("a,,b" -> "a", "", "b").
std::vector<std::string> split_at(const std::string& text, char separator) {
    std::vector<std::string> pieces;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find(separator, start);
        pieces.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return pieces;
        start = end + 1;
    }
}

SortOrder sort_order(const std::string& name) {
    if (name == "input") return SortOrder::Input;
    if (name == "score") return SortOrder::Score;
    if (name == "tier") return SortOrder::Tier;
    throw Error(ExitCode::BadCommandLine, "--sort '" + name + "': expected input, score or tier");
}

ExitCode run_score(const ScoreOptions& options, const Environment& environment) {
    const Format format = choose_format(options);
    check_format_usable(format, options);
    check_provenance_path(options);
    RunRequest request = run_request(options.input, environment);
    request.wanted.all = false;
    request.wanted.format = format;
    request.wanted.selection =
        ResultSelection{sort_order(options.sort), top_rows(options.top), options.where, options.breakdown, {}};
    for (const std::string& list : split_at(options.keep, '\n'))
        for (std::string& column : split_at(list, ','))
            if (!column.empty()) request.wanted.keep.push_back(std::move(column));
    request.wanted.keep_all = options.keep_all;
    if (options.select_given)
        for (const std::string& list : split_at(options.select, '\n'))
            for (std::string& column : split_at(list, ',')) {
                if (column.empty())
                    throw Error(ExitCode::BadCommandLine,
                                "--select: an empty column name: expected COL,COL,..., e.g. --select customer_id,tier,score");
                request.wanted.selection.columns.push_back(std::move(column));
            }
    request.wanted.members = options.members;
    if (options.columns_given) request.wanted.columns = parse_columns_option(split_at(options.columns, '\n'));
    request.previous_columns = options.previous_columns;
    const bool is_board = format == Format::Xlsx;
    if (is_board) request.wanted.all = true;   // the Funnel and Summary sheets read every column
    request.hash_inputs = is_board || !options.provenance_path.empty();
    const bool to_stdout = options.output_path.empty() || options.output_path == "-";
    WriteOptions write_options;
    write_options.raw = options.raw;
    write_options.one_thread = environment.threads == 1;
    excel_style(options.excel, write_options);
    // A workbook made from the same input is the same file: its creation time comes from the
    // reproducible-builds variable or from --today (midnight UTC), not from the clock.
    if (environment.source_date_epoch) write_options.created = *environment.source_date_epoch;
    else if (!options.input.today.empty()) write_options.created = static_cast<std::int64_t>(request.today) * 86400;
    write_options.tier_column = "tier";
    write_options.color = use_color(options.color, stdout, environment) && format == Format::Table && to_stdout;
    if (format == Format::Table && to_stdout) write_options.terminal_width = terminal_width(environment);

    // Skipped rows are reported while reading: no progress line to interleave with them.
    StderrReport report(options.input.quiet, options.input.verbose, is_terminal(stderr) && !options.input.skip_bad_rows,
                        total_file_size(options.input.files));
    std::unique_ptr<ScoredRun> run = run_scoring(request, &report);
    const ScoringPlan& plan = *run->plan;
    std::optional<Provenance> provenance;
    if (request.hash_inputs)
        provenance = describe_provenance(request, *run, {KAMSCORE_VERSION, environment.command_line});
    if (is_board) {
        // Of the whole run, whatever --where and --top leave on the Customers sheet.
        const Summary summary = summarize(plan, run->frame, run->outcomes, run->segments, run->made_missing,
                                          run->rules_tier, run->compile_options);
        write_options.sheets = board_sheets(summary, *provenance, run->rejects);
    }

    for (const auto& tier : run->rules->tiers) write_options.color_order.push_back(tier.id);
    // Only the written columns: the run did not hold the others.
    const auto columns_of = [&](Frame& frame) {
        std::vector<OutputColumn> columns = written_columns(plan, frame, request.wanted.selection, format);
        append_kept_columns(columns, *run->kept_columns(), frame);
        if (is_board) {
            if (!options.id_headers) caption_result_columns(*run->rules, columns);
            type_kept_columns(*run->kept_columns(), run->rules->input.decimal, frame, columns);
        }
        return columns;
    };
    std::size_t rows_written = 0;
    write_output(options.output_path, [&](std::FILE* out) {
        // Made here, so that a failure destroys it (and the thread that writes csv and tsv)
        // before the output file is closed and removed.
        const auto writer = make_writer(format, write_options);
        if (!run->second_pass) {
            const OutputTable table{columns_of(run->frame),
                                    select_rows(plan, run->frame, request.wanted.selection, run->compile_options)};
            writer->write(table, out);
            rows_written = table.rows.size();
            return;
        }
        // Two passes: the rows come again in batches, each in a frame of its own.
        bool begun = false;
        run->for_each_batch([&](Frame& batch) {
            const std::vector<OutputColumn> columns = columns_of(batch);
            if (!begun) writer->begin(columns, out);
            begun = true;
            const std::vector<std::uint32_t> rows =
                select_rows(plan, batch, request.wanted.selection, run->compile_options);
            writer->write_rows(columns, rows);
            rows_written += rows.size();
        });
        writer->end();
    });
    // Only after the result is in place: a failed run leaves no record of a result it did not write.
    if (!options.provenance_path.empty()) write_output_text(options.provenance_path, render_provenance_json(*provenance));
    report.step_done(fmt::format("wrote {} rows", rows_written));
    report.run_finished(*run);
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
        "  kamscore score -r rules.yaml export.csv -o result.xlsx --keep owner,region   # the board workbook\n"
        "  kamscore score -r rules.yaml export.csv -o result.csv --provenance result.provenance.json\n"
        "  kamscore score -r rules.yaml export.csv --columns +share_of_wallet,+clv:0   # derived values as columns\n"
        "  kamscore score -r rules.yaml export.csv -f markdown --sort score --top 10\n"
        "  kamscore score -r rules.yaml today.csv --previous yesterday.csv -o result.csv   # stickiness\n"
        "  kamscore score -r rules.yaml export.csv --overrides board.csv --where 'override != \"\"'\n"
        "  kamscore score -r group-rules.yaml export.csv --members   # rules with input.group\n"
        "Files of 64 MiB and more are scored in two passes, to hold about half the memory (csv, tsv,\n"
        "json, jsonl in input order; rows wait in TMPDIR between them); KAMSCORE_TWO_PASS=0: one pass.\n"
        "A file is read on a second thread while the first builds the rows, sources two at a time,\n"
        "and the scores are worked out on both; KAMSCORE_THREADS=1: one thread.\n"
        "Exit codes: 0 ok, 1 bad data, 2 bad command line, 3 bad rule file, 4 I/O failure.");
    score->add_option("files", options->input.files, "CSV files or .xlsx workbooks to score (\"-\" or none: standard input)");
    score->add_option("-o,--output", options->output_path,
                      "Write here instead of standard output (atomically; format from the extension)");
    score->add_option("-f,--format", options->format,
                      "table, csv, tsv, json, jsonl, markdown or xlsx (default: table on a terminal, else csv; "
                      "xlsx needs -o FILE or a redirection)");
    score->add_flag("--breakdown", options->breakdown, "Add raw value and points of every metric and each strategic criterion");
    // One value per --keep (split at commas): a list option would also take the file after
    // it (`--keep region export.csv`), and kamscore would then read standard input.
    score->add_option("--keep", options->keep, "Pass these input columns through, after the others: COL,COL,... (as text; repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::Join);   // --keep a --keep b,c: "a\nb,c"
    score->add_option("--columns", options->columns,
                      "Fields and derived values to write as columns, after the others: NAME[:DECIMALS],... "
                      "(replaces the rule file's 'output:'; +NAME,+NAME adds to it; --columns '' writes none)")
        ->multi_option_policy(CLI::MultiOptionPolicy::Join);   // --columns a --columns b: "a\nb"
    score->add_flag("--keep-all", options->keep_all, "Pass every input column through, after the others");
    score->add_option("--select", options->select,
                      "Write only these of kamscore's columns, in this order: COL,COL,... (any output column, "
                      "--breakdown's too; --keep's columns follow them)")
        ->multi_option_policy(CLI::MultiOptionPolicy::Join);   // --select a --select b: "a\nb"
    score->add_option("--sort", options->sort, "Row order: input (default), score or tier");
    score->add_option("--top", options->top, "Only the first N rows (after sorting); 0: only the header")
        ->type_name("UINT");
    score->add_option("--where", options->where, "Only rows for which this expression holds, e.g. 'tier == \"key_account\"'");
    score->add_flag("--members", options->members, "With input.group: add a column of each group's member ids (;-joined)");
    score->add_flag("--excel", options->excel,
                    "csv for a double-click in Excel: UTF-8 byte-order mark and CRLF; --excel=de: also ';' "
                    "between cells and decimal commas (an Excel whose decimal mark is the comma)");
    score->add_flag("--previous-columns", options->previous_columns,
                    "Always write previous_tier and change (empty without --previous), as with 'stay:' rules");
    score->add_option("--provenance", options->provenance_path,
                      "Also write the run's audit record as JSON to this file (rule file and its sha256, params, "
                      "today, command line, version, every input with size, time and sha256, row counts), "
                      "atomically and only when the result was written")
        ->type_name("FILE");
    score->add_flag("--id-headers", options->id_headers,
                    "xlsx: one header row of column names, without the rule file's labels above them");
    score->add_flag("--raw", options->raw, "Do not neutralise spreadsheet formulas in CSV/TSV text cells");
    score->add_option("--color", options->color, "Colour the terminal table: auto, always or never");
    add_input_options(*score, options->input);
    score->callback([options, score, &action] {
        options->columns_given = score->get_option("--columns")->count() > 0;
        options->select_given = score->get_option("--select")->count() > 0;
        action = [options](const Environment& environment) { return run_score(*options, environment); };
    });
}

}  // namespace kamscore
