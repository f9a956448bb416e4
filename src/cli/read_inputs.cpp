#include "cli/read_inputs.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "cli/parallel_read.hpp"
#include "cli/progress_line.hpp"
#include "kamscore/error.hpp"
#include "kamscore/table/kept_columns.hpp"

namespace kamscore {
namespace {

constexpr std::size_t listed_bad_rows = 20;

std::string describe(const Reject& reject) {
    return fmt::format("{}:{}: {}", reject.file, reject.line, reject.message);
}

}  // namespace

RejectSink::RejectSink(BadRowPolicy policy) : policy_(std::move(policy)) {
    if (!policy_.rejects_path.empty()) rejects_file_ = std::make_unique<AtomicFile>(policy_.rejects_path);
}

void RejectSink::add(const Reject& reject) {
    ++count_;
    if (policy_.skip) {
        if (!policy_.quiet) std::fprintf(stderr, "%s (skipped)\n", describe(reject).c_str());
    } else if (first_messages_.size() < listed_bad_rows) {
        first_messages_.push_back(describe(reject));
    }
    if (rejects_file_ && std::fwrite(reject.raw.data(), 1, reject.raw.size(), rejects_file_->stream()) != reject.raw.size())
        throw Error(ExitCode::IoFailure, "kamscore: error: cannot write '" + policy_.rejects_path + "'");
    if (rejects_file_ && !reject.raw.empty() && reject.raw.back() != '\n') std::fputc('\n', rejects_file_->stream());
}

void RejectSink::finish() {
    if (count_ > 0 && !policy_.skip) {
        std::string message;
        for (const auto& line : first_messages_) message += line + "\n";
        if (count_ > first_messages_.size())
            message += fmt::format("kamscore: ... and {} more bad rows\n", count_ - first_messages_.size());
        message += fmt::format(
            "kamscore: error: {} bad row{}; nothing was written. Fix the input, or score the rest with "
            "--skip-bad-rows (and keep the bad rows with --rejects FILE)",
            count_, count_ == 1 ? "" : "s");
        throw Error(ExitCode::BadData, message);
    }
    if (rejects_file_) rejects_file_->commit();
}

InputCounts read_inputs(const std::vector<std::string>& paths, const CsvDialect& dialect,
                        const ScoringPlan& plan, TableBuilder& builder, RejectSink& rejects, ProgressLine* progress) {
    InputCounts counts;
    if (paths.size() == 1 && read_file_in_parallel(paths.front(), dialect, plan, builder, rejects, counts, progress)) {
        builder.finish_reading();
        counts.rejected = rejects.count();
        counts.two_threads = true;
        return counts;
    }
    if (progress) progress->reset();   // a parallel read may have started and given up
    std::vector<std::string> first_header;
    CsvRecord record;
    Reject reject;
    for (const auto& path : paths) {
        const std::string name = path == "-" ? "<stdin>" : path;
        std::unique_ptr<ByteSource> source = open_byte_source(path);
        const auto bytes = source->size();
        CsvReader reader(std::move(source), name, dialect);
        if (first_header.empty()) {
            first_header = reader.header();
        } else if (reader.header() != first_header) {
            throw Error(ExitCode::BadData, fmt::format("kamscore: error: {} has another header than {}: "
                                                       "files scored together must have the same columns",
                                                       name, paths.front() == "-" ? "<stdin>" : paths.front()));
        }
        builder.begin_file(name, bind_columns(reader.header(), *plan.rules, name), bytes);
        if (KeptColumns* kept = builder.kept_columns()) kept->bind(reader.header(), name);
        ReadCounter* counter = progress ? &progress->new_counter() : nullptr;
        std::uint64_t file_records = 0;
        while (reader.next(record)) {
            ++counts.records;
            if (!builder.add(record, reject)) rejects.add(reject);
            if (counter) counter->tick(++file_records, [&] { return reader.bytes_read(); });
        }
        if (counter) counter->publish(file_records, reader.bytes_read());
    }
    builder.finish_reading();
    counts.rejected = rejects.count();
    return counts;
}

}  // namespace kamscore
