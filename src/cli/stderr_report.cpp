#include "cli/stderr_report.hpp"

#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

void print_line(const std::string& line) {
    std::fputs(line.c_str(), stderr);
    if (line.empty() || line.back() != '\n') std::fputc('\n', stderr);
}

std::string delimiter_name(char delimiter) {
    return delimiter == '\t' ? std::string("tab") : fmt::format("'{}'", delimiter);
}

}  // namespace

StderrReport::StderrReport(bool quiet, bool verbose, bool show_progress, std::optional<std::uint64_t> total_bytes)
    : quiet_(quiet), verbose_(verbose), progress_(show_progress && !quiet, total_bytes) {}

StderrReport::~StderrReport() = default;

void StderrReport::warning(const std::string& line) {
    if (!quiet_) print_line(line);
}

void StderrReport::row_rejected(const RejectedRow& row) {
    if (quiet_) return;
    std::fprintf(stderr, "%s:%llu: %s (skipped)\n", row.file.c_str(), static_cast<unsigned long long>(row.line),
                 row.message.c_str());
}

void StderrReport::stage_done(const std::string& what) {
    if (reading_started_) progress_.finish();   // the line is cleared before anything else is said
    const auto now = std::chrono::steady_clock::now();
    if (verbose_)
        std::fprintf(stderr, "%s%s (%.3f s)\n", program_prefix, what.c_str(),
                     std::chrono::duration<double>(now - last_).count());
    last_ = now;
}

ReadCounter* StderrReport::reading(const std::string&, std::optional<std::uint64_t>) {
    reading_started_ = true;
    return &progress_.new_counter();
}

void StderrReport::file_read(const FileCounts& file) {
    if (!verbose_) return;
    // Blank lines are named only when there are some, like in the row account.
    const std::string blank = file.blank_lines > 0 ? fmt::format(", {} blank lines", file.blank_lines) : "";
    // A workbook's sheet (delimiter 0) has no delimiter: "book.xlsx!Sheet1: xlsx workbook, ...".
    const std::string format = file.delimiter == 0 ? fmt::format("{} workbook", file.encoding)
                                                   : fmt::format("{}, delimiter {}", file.encoding,
                                                                 delimiter_name(file.delimiter));
    std::fprintf(stderr, "%s%s: %s, %llu records, %llu rejected, %llu report footer lines%s\n", program_prefix,
                 file.name.c_str(), format.c_str(),
                 static_cast<unsigned long long>(file.records), static_cast<unsigned long long>(file.rejected),
                 static_cast<unsigned long long>(file.footer_lines), blank.c_str());
}

void StderrReport::run_finished(const ScoredRun& run) {
    if (!verbose_) return;
    const ScoringPlan& plan = *run.plan;
    if (run.previous) {   // the change column may also be there, empty, without --previous
        std::map<std::string_view, std::size_t> counts;
        for (std::string_view change : run.frame.columns[plan.change_slot].texts)
            ++counts[change.data() ? change : "unknown"];
        std::string line;
        // "kept" and "unknown" only when there are some: most nights have neither.
        for (std::string_view kind : {"same", "kept", "up", "down", "new", "unknown"})
            if (counts[kind] > 0 || (kind != "unknown" && kind != "kept"))
                line += fmt::format("{}{} {}", line.empty() ? "" : ", ", counts[kind], kind);
        std::fprintf(stderr, "%sagainst the previous results: %s\n", program_prefix, line.c_str());
    }
    std::fprintf(stderr, "%s%s\n", program_prefix, describe_row_counts(run.counts, run.frame.rows).c_str());
    for (const SourceCounts& source : run.sources)
        std::fprintf(stderr, "%s%s\n", program_prefix, describe_source_counts(source).c_str());
    for (std::size_t f = 0; f < run.made_missing.size(); ++f) {
        const MadeMissing& made = run.made_missing[f];
        if (made.total() == 0) continue;
        std::fprintf(stderr, "%scolumn \"%s\": %llu value%s read as missing (%llu missing word%s, %llu unreadable)\n",
                     program_prefix, run.rules->fields[f].column.c_str(), static_cast<unsigned long long>(made.total()),
                     made.total() == 1 ? "" : "s", static_cast<unsigned long long>(made.words),
                     made.words == 1 ? "" : "s", static_cast<unsigned long long>(made.unreadable));
    }
}

}  // namespace kamscore
