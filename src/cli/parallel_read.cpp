#include "cli/parallel_read.hpp"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string_view>
#include <sys/stat.h>
#include <thread>

#include "cli/progress_line.hpp"
#include "kamscore/io/file_range_source.hpp"

namespace kamscore {
namespace {

// Off by default: on the 2-core development machine the two halves' page faults and the join
// cost more than the second core gained (1M rows: 0.99 s against 0.76 s for one thread).
// KAMSCORE_PARALLEL_MIN_BYTES=N turns it on for files of N bytes and more.
constexpr std::uint64_t default_min_bytes = UINT64_MAX;

std::uint64_t min_parallel_bytes() {
    // Tests lower the threshold to run this path on small files.
    if (const char* given = std::getenv("KAMSCORE_PARALLEL_MIN_BYTES")) return std::strtoull(given, nullptr, 10);
    return default_min_bytes;
}

/// Reads `bytes` bytes of the file from `offset`.
std::string read_bytes(const std::string& path, std::uint64_t offset, std::size_t bytes) {
    std::string text(bytes, '\0');
    auto source = file_range_source(path, offset, offset + bytes);
    std::size_t got = 0;
    while (got < bytes) {
        std::size_t n = source->read(text.data() + got, bytes - got);
        if (n == 0) break;
        got += n;
    }
    text.resize(got);
    return text;
}

/// The header line's bytes: up to the first line break outside quotes; "" when not found.
std::string header_bytes(const std::string& start) {
    bool quoted = false;
    for (std::size_t i = 0; i < start.size(); ++i) {
        if (start[i] == '"') quoted = !quoted;
        else if (start[i] == '\n' && !quoted) return start.substr(0, i + 1);
    }
    return {};
}

/// One half: its own frame, builder, rejects (kept until both halves are known good).
struct Half {
    Frame frame;
    std::unique_ptr<TableBuilder> builder;
    std::vector<Reject> rejects;
    std::uint64_t records = 0;
    bool ends_inside_quotes = false;
    std::vector<FooterLine> footer;   ///< one-field records that end the half
    std::string encoding;
    char delimiter = ',';
    std::exception_ptr failure;
};

void read_half(std::unique_ptr<ByteSource> source, const std::string& name, const CsvDialect& dialect,
               const ScoringPlan& plan, Half& half, ReadCounter* counter) {
    try {
        const auto bytes = source->size();
        CsvReader reader(std::move(source), name, dialect);
        half.builder->begin_file(name, bind_columns(reader.header(), *plan.rules, name), bytes);
        half.encoding = reader.encoding();
        half.delimiter = reader.delimiter();
        RecordFeeder feeder(reader.header().size(), *half.builder,
                            [&](const Reject& reject) { half.rejects.push_back(reject); });
        CsvRecord record;
        while (reader.next(record)) {
            feeder.add(record);
            half.ends_inside_quotes = !record.problem.empty();
            if (counter) counter->tick(feeder.records(), [&] { return reader.bytes_read(); });
        }
        half.records = feeder.records();
        half.footer = feeder.finish();
    } catch (...) {
        half.failure = std::current_exception();
    }
}

}  // namespace

bool read_file_in_parallel(const std::string& path, const CsvDialect& dialect, const ScoringPlan& plan,
                           TableBuilder& builder, RejectSink& rejects, InputCounts& counts,
                           ProgressLine* progress) {
    const Frame& frame = builder.frame();
    struct stat info{};
    if (path == "-" || builder.kept_columns() || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return false;
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size < min_parallel_bytes() || size < 2) return false;

    const std::string start = read_bytes(path, 0, std::min<std::uint64_t>(size, 1 << 20));
    // A UTF-16 or UTF-32 file cannot be split at a byte that looks like a line break.
    if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF") ||
        start.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
        return false;
    const std::string header = header_bytes(start);
    const std::uint64_t middle = std::max<std::uint64_t>(size / 2, header.size());
    const std::string around_middle = read_bytes(path, middle, std::min<std::uint64_t>(size - middle, 1 << 20));
    const auto line_break = around_middle.find('\n');
    if (header.empty() || line_break == std::string::npos) return false;
    const std::uint64_t split = middle + line_break + 1;
    if (split >= size) return false;

    Half first{frame.empty_like(), nullptr, {}, 0, false, {}, {}, ',', nullptr};
    Half second{frame.empty_like(), nullptr, {}, 0, false, {}, {}, ',', nullptr};
    first.builder = std::make_unique<TableBuilder>(first.frame, plan);
    second.builder = std::make_unique<TableBuilder>(second.frame, plan);
    if (const RowStage* stage = builder.row_stage()) {
        first.builder->stage_rows(*stage);
        second.builder->stage_rows(*stage);
    }
    std::uint64_t lines_before_split = 0;
    ReadCounter* first_counter = progress ? &progress->new_counter() : nullptr;
    ReadCounter* second_counter = progress ? &progress->new_counter() : nullptr;
    {
        std::jthread worker([&] {
            read_half(file_range_source(path, split, size, header), path, dialect, plan, second, second_counter);
        });
        read_half(file_range_source(path, 0, split), path, dialect, plan, first, first_counter);
        lines_before_split = count_line_breaks(*file_range_source(path, 0, split));
    }
    if (first.failure) std::rethrow_exception(first.failure);
    if (first.ends_inside_quotes) return false;   // the middle was inside a quoted field
    // The second half's errors (invalid UTF-8, a record over the cap) would name lines and
    // offsets counted from the split: the sequential read reports them as they are.
    if (second.failure) return false;
    // One-field lines at the end of the first half are not a report footer (the second half
    // follows): the sequential read reports them as bad rows saying so.
    if (!first.footer.empty()) return false;

    // The second half's lines count from its borrowed header line(s).
    const std::uint64_t header_lines = count_line_breaks(header.data(), header.size());
    const std::uint64_t line_offset = lines_before_split - header_lines;
    // An id in both halves: only the sequential read reports it with its original bytes.
    if (first.builder->shares_an_id_with(second.frame)) return false;

    CsvReader header_reader(string_byte_source(header), path, dialect);
    builder.begin_file(path, bind_columns(header_reader.header(), *plan.rules, path));
    rejects.begin(header_reader.header_raw(), header_reader.is_converted() || header_reader.has_byte_order_mark());
    builder.absorb(*first.builder, std::move(first.frame), 0);
    builder.absorb(*second.builder, std::move(second.frame), line_offset);

    for (const Reject& reject : first.rejects) rejects.add(reject);
    for (Reject& reject : second.rejects) {
        reject.line += line_offset;
        rejects.add(reject);
    }
    counts.records += first.records + second.records;
    FileCounts file{path, first.encoding, first.delimiter, first.records + second.records,
                    first.rejects.size() + second.rejects.size(), std::move(second.footer)};
    for (FooterLine& line : file.footer) line.line += line_offset;
    counts.files.push_back(std::move(file));
    return true;
}

}  // namespace kamscore
