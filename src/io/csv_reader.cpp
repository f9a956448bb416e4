#include "kamscore/io/csv_reader.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "io/csv_buffer_size.hpp"
#include "io/special_byte_scanner.hpp"
#include "kamscore/error.hpp"

namespace kamscore {
namespace {

// Buffers from 256 KiB to 4 MiB read the 143 MB benchmark file equally fast (~1.85 GB/s);
// 1 MiB stays within the L2 cache. Small inputs get a buffer of their own size.
constexpr std::size_t default_buffer_bytes = std::size_t{1} << 20;
constexpr std::size_t smallest_sized_buffer = std::size_t{64} << 10;

std::atomic<std::size_t> buffer_bytes_for_testing{0};

std::size_t initial_buffer_bytes(const ByteSource& source) {
    if (const std::size_t forced = buffer_bytes_for_testing.load()) return std::max<std::size_t>(forced, 4);
    if (const auto size = source.size())
        return static_cast<std::size_t>(
            std::clamp<std::uint64_t>(*size + 1, smallest_sized_buffer, default_buffer_bytes));
    return default_buffer_bytes;
}

std::string describe_bytes(std::size_t bytes) {
    constexpr std::size_t mib = std::size_t{1} << 20;
    if (bytes >= mib && bytes % mib == 0) return fmt::format("{} MiB", bytes / mib);
    if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
    return fmt::format("{} bytes", bytes);
}

constexpr std::string_view utf8_mark = "\xEF\xBB\xBF";

enum class ParseStatus { Complete, NeedMore };

/// Where the first line of `text` ends, ignoring line breaks inside quotes; npos when it
/// does not end in `text` (or a stray quote leaves the rest of it "quoted").
std::size_t quote_aware_line_end(std::string_view text) {
    bool in_quotes = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') in_quotes = !in_quotes;
        else if (!in_quotes && (c == '\r' || c == '\n')) return i;
    }
    return std::string_view::npos;
}

/// How one candidate delimiter splits a sample: the header's field count and how many of the
/// following records have the same count.
struct SampleSplit {
    std::size_t header_fields = 0;
    std::size_t records = 0;
    std::size_t agreeing = 0;
};

// Records after the header that delimiter detection looks at: enough to see that `;` in a
// few multi-value cells does not split every record alike, few enough to cost nothing.
constexpr std::size_t sampled_records = 20;

/// Splits `sample` as the reader would with `delimiter`: a quote opens a quoted field only at
/// the start of a field, blank lines are skipped.
SampleSplit split_sample(std::string_view sample, char delimiter, bool is_whole) {
    SampleSplit split;
    const std::size_t size = sample.size();
    std::size_t i = 0;
    bool is_header = true;
    while (i < size && split.records < sampled_records) {
        if (sample[i] == '\r' || sample[i] == '\n') {
            ++i;
            continue;
        }
        std::size_t fields = 1;
        bool at_field_start = true;
        bool in_quotes = false;
        bool is_complete = false;
        for (; i < size; ++i) {
            const char c = sample[i];
            if (in_quotes) {
                if (c == '"') {
                    if (i + 1 < size && sample[i + 1] == '"') ++i;
                    else in_quotes = false;
                }
            } else if (c == '"' && at_field_start) {
                in_quotes = true;
                at_field_start = false;
            } else if (c == delimiter) {
                ++fields;
                at_field_start = true;
            } else if (c == '\r' || c == '\n') {
                is_complete = true;
                break;
            } else {
                at_field_start = false;
            }
        }
        if (!is_complete && !is_whole) break;   // cut off where the sample ends
        if (is_header) {
            split.header_fields = fields;
            is_header = false;
        } else {
            ++split.records;
            split.agreeing += fields == split.header_fields;
        }
    }
    return split;
}

/// True when `a` is the better split (see detect_delimiter).
bool is_better_split(const SampleSplit& a, const SampleSplit& b) {
    const bool a_splits = a.header_fields > 1;
    const bool b_splits = b.header_fields > 1;
    if (a_splits != b_splits) return a_splits;
    // Shares of agreeing records, compared without division; no records counts as agreement.
    const std::size_t a_agreeing = a.records == 0 ? 1 : a.agreeing;
    const std::size_t a_records = a.records == 0 ? 1 : a.records;
    const std::size_t b_agreeing = b.records == 0 ? 1 : b.agreeing;
    const std::size_t b_records = b.records == 0 ? 1 : b.records;
    if (a_agreeing * b_records != b_agreeing * a_records) return a_agreeing * b_records > b_agreeing * a_records;
    return a.header_fields > b.header_fields;
}

}  // namespace

std::size_t set_csv_buffer_bytes_for_testing(std::size_t bytes) {
    return buffer_bytes_for_testing.exchange(bytes);
}

struct CsvReader::Impl {
    std::unique_ptr<ByteSource> source;
    std::string name;
    CsvDialect dialect;
    char delimiter = ',';
    char fitting_delimiter = ',';
    std::size_t fitting_header_fields = 1;
    std::vector<std::string> header;
    std::string header_raw;
    DecodingSource* decoder = nullptr;   // owned by `source`
    bool has_byte_order_mark = false;

    // buffer[begin, end) holds input not yet returned; `padding` zero bytes follow `end`.
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool at_eof = false;
    std::uint64_t buffer_offset = 0;   // input offset of buffer[0]
    std::uint64_t line = 1;            // physical line of buffer[begin]
    std::string scratch;               // unescaped fields of the current record

    // The last record returned: where it started, and whether a line break ended it.
    std::uint64_t last_record_line = 0;
    bool last_record_terminated = true;

    // Where an incomplete record stood when the buffered data ran out.
    bool quote_open = false;
    std::uint64_t quote_line = 0;

    void allocate(std::size_t new_capacity);
    void refill();
    bool skip_blank_lines();
    bool read_record(CsvRecord& record);
    ParseStatus parse_record(CsvRecord& record);
    ParseStatus finish(CsvRecord& record, const char* start, const char* stop, std::uint64_t breaks,
                       bool terminated);
    std::string_view available() const { return {buffer.get() + begin, end - begin}; }
    std::string_view header_line();
    [[noreturn]] void throw_too_large(std::uint64_t record_line) const;
    [[noreturn]] void throw_invalid_text(const InvalidTextError& invalid) const;
    void note_invalid_text(CsvRecord& record, std::uint64_t start_offset);
    bool is_header_read = false;
    // Where the last record with invalid UTF-8 had its first bad byte (for the header's error).
    std::uint64_t invalid_line = 0;
    std::uint64_t invalid_column = 0;
    InvalidSequence invalid_first;
};

void CsvReader::Impl::allocate(std::size_t new_capacity) {
    auto grown = std::make_unique_for_overwrite<char[]>(new_capacity + SpecialByteScanner::padding);
    if (end > begin) std::memcpy(grown.get(), buffer.get() + begin, end - begin);
    buffer_offset += begin;
    end -= begin;
    begin = 0;
    buffer = std::move(grown);
    capacity = new_capacity;
}

// Reads until the buffer is full or the input ends. Filling it completely (rather than taking
// whatever one read(2) on a pipe returns) bounds how often an incomplete record is rescanned.
void CsvReader::Impl::refill() {
    if (at_eof) return;
    if (begin == 0 && end == capacity) {
        // A record longer than the buffer: grow, up to one byte past the cap so that
        // read_record can tell "exactly at the cap" from "over it".
        const std::size_t limit = dialect.max_record_bytes + 1;
        allocate(std::max(capacity + 1, std::min(capacity * 2, limit)));
    } else if (begin > 0) {
        std::memmove(buffer.get(), buffer.get() + begin, end - begin);
        buffer_offset += begin;
        end -= begin;
        begin = 0;
    }
    while (end < capacity) {
        std::size_t count = 0;
        try {
            count = source->read(buffer.get() + end, capacity - end);
        } catch (const InvalidTextError& invalid) {
            throw_invalid_text(invalid);
        }
        if (count == 0) {
            at_eof = true;
            break;
        }
        end += count;
    }
    std::memset(buffer.get() + end, 0, SpecialByteScanner::padding);
}

bool CsvReader::Impl::skip_blank_lines() {
    for (;;) {
        if (begin == end) {
            if (at_eof) return false;
            refill();
            continue;
        }
        const char c = buffer[begin];
        if (c == '\n') {
            ++line;
            ++begin;
        } else if (c == '\r') {
            if (begin + 1 == end && !at_eof) {
                refill();
                continue;
            }
            ++line;
            begin += (begin + 1 < end && buffer[begin + 1] == '\n') ? 2 : 1;
        } else {
            return true;
        }
    }
}

bool CsvReader::Impl::read_record(CsvRecord& record) {
    if (!skip_blank_lines()) return false;
    while (parse_record(record) == ParseStatus::NeedMore) {
        if (end - begin > dialect.max_record_bytes) throw_too_large(line);
        refill();
    }
    if (record.raw.size() > dialect.max_record_bytes) throw_too_large(record.line);
    return true;
}

ParseStatus CsvReader::Impl::finish(CsvRecord& record, const char* start, const char* stop,
                                    std::uint64_t breaks, bool terminated) {
    record.raw = std::string_view(start, static_cast<std::size_t>(stop - start));
    record.line = line;
    note_invalid_text(record, buffer_offset + static_cast<std::uint64_t>(start - buffer.get()));
    last_record_line = line;
    last_record_terminated = terminated;
    record.end_line = line + breaks;
    // An unterminated quote can end in a line break that opens no further line.
    if (!terminated && breaks > 0 && (stop[-1] == '\n' || stop[-1] == '\r')) --record.end_line;
    line = record.end_line + 1;
    begin = static_cast<std::size_t>(stop - buffer.get());
    return ParseStatus::Complete;
}

// Parses the record at `begin` from scratch. When the buffered data ends before the record
// does (and more input may follow) it returns NeedMore without consuming anything; the caller
// refills and calls again. Restarting is simpler than saving the scanner state, and costs a
// rescan of at most one partial record per buffer refill.
ParseStatus CsvReader::Impl::parse_record(CsvRecord& record) {
    record.fields.clear();
    record.problem.clear();
    scratch.clear();
    bool is_scratch_reserved = false;
    const char* const start = buffer.get() + begin;
    // Looking at one byte more than the cap is enough to know a record is too large, and
    // keeps a runaway quote from being scanned to the end of a large buffer.
    const std::size_t window = std::min(end - begin, dialect.max_record_bytes + 1);
    const char* const stop = start + window;
    const bool is_input_end = at_eof && window == end - begin;   // no more bytes can follow stop
    const char delim = delimiter;
    SpecialByteScanner scanner(delim, start, stop);
    std::uint64_t breaks = 0;   // line breaks inside quoted fields so far

    const auto need_more = [&](bool in_quotes, std::uint64_t opened_on) {
        quote_open = in_quotes;
        quote_line = opened_on;
        return ParseStatus::NeedMore;
    };
    // Quotes inside an unquoted field are ordinary bytes.
    const auto scan_unquoted = [&](const char* p) {
        for (;;) {
            p = scanner.next(p);
            if (p == stop || *p != '"') return p;
            ++p;
        }
    };

    const char* p = start;
    for (;;) {
        const char* const field = p;
        if (p < stop && *p == '"') {
            const std::uint64_t opened_on = line + breaks;
            const char* segment = p + 1;   // not yet copied to scratch
            std::size_t scratch_start = 0;
            bool has_escapes = false;
            const char* q = p + 1;
            for (;;) {
                q = scanner.next(q);
                if (q == stop) {
                    if (!is_input_end) return need_more(true, opened_on);
                    if (has_escapes) {
                        scratch.append(segment, stop);
                        record.fields.emplace_back(scratch.data() + scratch_start, scratch.size() - scratch_start);
                    } else {
                        record.fields.emplace_back(field + 1, static_cast<std::size_t>(stop - field - 1));
                    }
                    record.problem = fmt::format("unterminated quoted field (the quote opened on line {})", opened_on);
                    return finish(record, start, stop, breaks, false);
                }
                if (*q == '"') {
                    if (q + 1 == stop && !is_input_end) return need_more(true, opened_on);
                    if (q + 1 < stop && q[1] == '"') {
                        if (!has_escapes) {
                            // Unescaped text is never longer than the record's bytes, so one
                            // reservation keeps earlier views into scratch valid.
                            if (!is_scratch_reserved) scratch.reserve(static_cast<std::size_t>(stop - start));
                            is_scratch_reserved = true;
                            has_escapes = true;
                            scratch_start = scratch.size();
                        }
                        scratch.append(segment, q + 1);
                        segment = q + 2;
                        q += 2;
                        continue;
                    }
                    const char* const after = q + 1;
                    if (after == stop || *after == delim || *after == '\r' || *after == '\n') {
                        if (has_escapes) {
                            scratch.append(segment, q);
                            record.fields.emplace_back(scratch.data() + scratch_start, scratch.size() - scratch_start);
                        } else {
                            record.fields.emplace_back(field + 1, static_cast<std::size_t>(q - field - 1));
                        }
                        p = after;
                    } else {
                        // Text after the closing quote ("ab"c) comes from exporters that do not
                        // escape quotes: keep the field's bytes as they are in the file.
                        p = scan_unquoted(after);
                        record.fields.emplace_back(field, static_cast<std::size_t>(p - field));
                    }
                    break;
                }
                if (*q == '\r' || (*q == '\n' && q[-1] != '\r')) ++breaks;
                ++q;
            }
        } else {
            p = scan_unquoted(p);
            record.fields.emplace_back(field, static_cast<std::size_t>(p - field));
        }

        if (p == stop) {
            if (!is_input_end) return need_more(false, 0);
            return finish(record, start, stop, breaks, false);
        }
        if (*p == delim) {
            ++p;
            continue;
        }
        if (*p == '\r') {
            if (p + 1 == stop && !is_input_end) return need_more(false, 0);
            p += (p + 1 < stop && p[1] == '\n') ? 2 : 1;
        } else {
            ++p;
        }
        return finish(record, start, p, breaks, true);
    }
}

// The header's first line, for delimiter detection. A stray quote in a header name would make
// it look endless: the first physical line is used then.
std::string_view CsvReader::Impl::header_line() {
    while (!at_eof && quote_aware_line_end(available()) == std::string_view::npos &&
           end - begin < default_buffer_bytes)
        refill();
    const std::string_view text = available();
    if (const std::size_t line_end = quote_aware_line_end(text); line_end != std::string_view::npos)
        return text.substr(0, line_end);
    return text.substr(0, std::min(text.find_first_of("\r\n"), text.size()));
}

void CsvReader::Impl::throw_too_large(std::uint64_t record_line) const {
    const std::string limit = describe_bytes(dialect.max_record_bytes);
    if (quote_open)
        throw Error(ExitCode::BadData,
                    fmt::format("a record is larger than {} (the limit, see --max-record-size): is a quote left open? "
                                "the quoted field opened on line {} has not closed",
                                limit, quote_line),
                    ErrorLocation{name, record_line});
    throw Error(ExitCode::BadData,
                fmt::format("a record is larger than {} (the limit, see --max-record-size): is a quote left open, "
                            "or is the file not CSV?",
                            limit),
                ErrorLocation{name, record_line});
}

namespace {

/// The 1-based line (from `first_line`) and byte column of `text[at]`.
std::pair<std::uint64_t, std::uint64_t> line_and_column(std::string_view text, std::size_t at, std::uint64_t first_line) {
    std::uint64_t line = first_line;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, at - line_start + 1};
}

constexpr const char* windows_1252_advice =
    "if the whole file is Windows-1252 (German Excel, SAP), set 'encoding: windows-1252' under 'input:' or pass "
    "--encoding windows-1252";

}  // namespace

// Invalid sequences are noted when their bytes are handed out, so all of those inside the
// record are known when it is complete; the first one names the record's problem.
void CsvReader::Impl::note_invalid_text(CsvRecord& record, std::uint64_t start_offset) {
    std::deque<InvalidSequence>& invalid = decoder->invalid_sequences();
    const std::uint64_t end_offset = start_offset + record.raw.size();
    std::optional<InvalidSequence> first;
    while (!invalid.empty() && invalid.front().offset < end_offset) {
        if (!first && invalid.front().offset >= start_offset) first = invalid.front();
        invalid.pop_front();
    }
    if (!first) return;
    const auto [bad_line, column] =
        line_and_column(record.raw, static_cast<std::size_t>(first->offset - start_offset), record.line);
    invalid_line = bad_line;
    invalid_column = column;
    invalid_first = *first;
    if (!record.problem.empty()) return;   // an unterminated quote says more
    record.problem = fmt::format("invalid UTF-8 on line {} at byte column {} (0x{:02X}); {}", bad_line, column,
                                 first->byte, windows_1252_advice);
}

// The decoder has handed out every byte before the bad one, and those not yet consumed are in
// buffer[begin, end): the bad byte's line is the line at `begin` plus the line breaks before it.
void CsvReader::Impl::throw_invalid_text(const InvalidTextError& invalid) const {
    const std::string_view pending(buffer.get() + begin, end - begin);
    std::uint64_t bad_line = line;
    std::uint64_t column = 0;
    bool is_in_header = !is_header_read;
    if (invalid.utf8_offset && *invalid.utf8_offset >= buffer_offset + begin) {
        // UTF-8 input: its offsets are those of the buffer, which tell the column too.
        const auto at = static_cast<std::size_t>(*invalid.utf8_offset - buffer_offset - begin);
        std::tie(bad_line, column) = line_and_column(pending, at, line);
        if (is_in_header) is_in_header = at <= quote_aware_line_end(pending);   // npos: it does not end before
    } else {
        bad_line = line_and_column(pending, pending.size(), line).first;
    }
    std::string message = invalid.message;
    // Skipping rows cannot help when the header has the bad byte.
    if (dialect.invalid_utf8 == InvalidUtf8::StopSuggestingSkip && invalid.utf8_offset && !is_in_header)
        message += "; or, if only some rows are broken, leave them out with --skip-bad-rows (--rejects FILE keeps them)";
    throw Error(ExitCode::BadData, message,
                ErrorLocation{name, bad_line, static_cast<std::uint32_t>(std::min<std::uint64_t>(column, UINT32_MAX))});
}

std::optional<std::uint64_t> CsvReader::input_size() const { return impl_->source->size(); }

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, std::string display_name, CsvDialect dialect)
    : impl_(std::make_unique<Impl>()) {
    Impl& in = *impl_;
    in.name = std::move(display_name);
    in.dialect = dialect;
    // The reader adds one to the cap in places; keep that from overflowing.
    in.dialect.max_record_bytes = std::min(dialect.max_record_bytes, std::size_t{1} << 48);
    if (dialect.delimiter == '"' || dialect.delimiter == '\r' || dialect.delimiter == '\n')
        throw Error(ExitCode::BadCommandLine, "the delimiter cannot be a quote or a line break");
    auto decoder = decode_to_utf8(std::move(source), in.name, dialect.encoding,
                                  dialect.invalid_utf8 == InvalidUtf8::BadRecord);
    in.decoder = decoder.get();
    in.source = std::move(decoder);
    in.allocate(initial_buffer_bytes(*in.source));
    in.refill();

    in.has_byte_order_mark = in.decoder->has_byte_order_mark();
    if (in.available().starts_with(utf8_mark)) in.begin = utf8_mark.size();

    if (!in.skip_blank_lines())
        throw Error(ExitCode::BadData, fmt::format("'{}' is empty: expected a header line", in.name));
    {
        // Detected also when a delimiter is given, so that a given one that does not fit can
        // be named along with the one that does (see fitting_delimiter()).
        const std::string_view first_line = in.header_line();
        // Look at the records that are already buffered after the header, as many as
        // detect_delimiter wants; a header that ran past the buffer is judged alone.
        const std::string_view sample =
            first_line.size() < in.end - in.begin ? in.available() : first_line;
        const bool is_whole = in.at_eof || sample.size() == first_line.size();
        in.fitting_delimiter = detect_delimiter(sample, is_whole);
        in.fitting_header_fields = split_sample(first_line, in.fitting_delimiter, true).header_fields;
        in.delimiter = dialect.delimiter != 0 ? dialect.delimiter : in.fitting_delimiter;
    }

    CsvRecord record;
    in.read_record(record);
    // Invalid bytes in the header are an error also when they make other records bad rows:
    // without its names, no row can be read.
    if (in.invalid_line != 0)
        throw Error(ExitCode::BadData,
                    fmt::format("invalid UTF-8 in the header at byte offset {} (0x{:02X}): the file is probably "
                                "Windows-1252 (German Excel, SAP); add 'encoding: windows-1252' under 'input:' or "
                                "pass --encoding windows-1252",
                                in.invalid_first.offset, in.invalid_first.byte),
                    ErrorLocation{in.name, in.invalid_line, static_cast<std::uint32_t>(in.invalid_column)});
    if (!record.problem.empty())
        throw Error(ExitCode::BadData, fmt::format("the header has an {}", record.problem), ErrorLocation{in.name, record.line});
    in.is_header_read = true;
    in.header.assign(record.fields.begin(), record.fields.end());
    in.header_raw.assign(record.raw);
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const { return impl_->header; }
const std::string& CsvReader::header_raw() const { return impl_->header_raw; }
const char* CsvReader::encoding() const { return impl_->decoder->encoding(); }
bool CsvReader::is_converted() const { return impl_->decoder->is_converted(); }
bool CsvReader::has_byte_order_mark() const { return impl_->has_byte_order_mark; }
std::optional<Utf8LookAlike> CsvReader::looks_like_utf8() const { return impl_->decoder->looks_like_utf8(); }
char CsvReader::delimiter() const { return impl_->delimiter; }
char CsvReader::fitting_delimiter() const { return impl_->fitting_delimiter; }
std::size_t CsvReader::fitting_header_fields() const { return impl_->fitting_header_fields; }
const std::string& CsvReader::display_name() const { return impl_->name; }
bool CsvReader::next(CsvRecord& record) { return impl_->read_record(record); }
bool CsvReader::ended_with_line_break() const { return impl_->last_record_terminated; }
std::uint64_t CsvReader::last_record_line() const { return impl_->last_record_line; }
std::uint64_t CsvReader::bytes_read() const { return impl_->buffer_offset + impl_->begin; }

char detect_delimiter(std::string_view sample, bool is_whole) {
    constexpr char candidates[] = {',', ';', '\t', '|'};
    char best = candidates[0];
    SampleSplit best_split = split_sample(sample, best, is_whole);
    for (std::size_t i = 1; i < std::size(candidates); ++i) {
        const SampleSplit split = split_sample(sample, candidates[i], is_whole);
        if (is_better_split(split, best_split)) {
            best = candidates[i];
            best_split = split;
        }
    }
    return best;
}

}  // namespace kamscore
