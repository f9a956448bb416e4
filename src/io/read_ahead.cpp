#include "kamscore/io/read_ahead.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kamscore {
namespace {

/// A batch stops taking records at this many bytes: small enough to stay in the caches of
/// both cores and to add little to a run's memory, large enough that handing it over (a lock
/// and a wake-up) costs next to nothing.
constexpr std::size_t batch_bytes = std::size_t{256} << 10;

/// What two cores hand each other as one piece: data that one thread writes often must not
/// share it with data the other reads often.
constexpr std::size_t cache_line_bytes = 64;

std::uint32_t offset(std::size_t value) { return static_cast<std::uint32_t>(value); }

/// Records owned by the batch: the reader's views are valid only until its next read, so
/// their bytes are copied, and the views become offsets into `bytes`.
///
/// What the caller's thread reads of a batch was written on the reading thread's core, and
/// each cache line of it moves between the cores, for every batch (on the benchmark VM the
/// hand-over cost more than splitting the records: 0.30 s against 0.10 s for a million). So a
/// field is 4 bytes where it can be (offset and size within its record), not 8.
struct Batch {
    // Offsets fit 32 bits: a batch holds under batch_bytes and then one record of at most
    // CsvDialect::max_record_bytes, twice (its raw bytes and its fields).
    struct Entry {
        std::uint64_t line = 0;
        std::uint32_t line_breaks = 0;   ///< end_line - line: under max_record_bytes
        std::uint32_t raw_at = 0;
        std::uint32_t raw_size = 0;
        std::uint32_t first_field = 0;   ///< in short_fields when is_short, else in fields
        std::uint32_t field_count = 0;
        bool is_short = false;
    };
    /// A field inside a record of at most 64 KiB: where in the record, and how long.
    struct ShortSpan {
        std::uint16_t at = 0;
        std::uint16_t size = 0;
    };
    /// Any other field (in a longer record, or one whose "" were unescaped): where in `bytes`.
    struct Span {
        std::uint32_t at = 0;
        std::uint32_t size = 0;
    };
    std::string bytes;
    std::vector<Entry> entries;
    std::size_t used = 0;   ///< entries taken by the records read so far (entries are reused)
    std::vector<ShortSpan> short_fields;
    std::vector<Span> fields;
    /// The problems of malformed records (rare), by entry.
    std::vector<std::pair<std::size_t, std::string>> problems;
    std::uint64_t bytes_read = 0;   ///< the reader's count after the last record
    bool is_last = false;           ///< the reader said end of input, or threw, after it
    std::exception_ptr error;       ///< what the reader threw after the last record

    void clear() {
        bytes.clear();
        used = 0;
        short_fields.clear();
        fields.clear();
        problems.clear();
        is_last = false;
        error = nullptr;
    }

    void add(const CsvRecord& record) {
        if (used == entries.size()) entries.emplace_back();
        if (!record.problem.empty()) problems.emplace_back(used, record.problem);
        Entry& entry = entries[used++];
        entry.line = record.line;
        entry.line_breaks = offset(record.end_line - record.line);
        entry.raw_at = offset(bytes.size());
        entry.raw_size = offset(record.raw.size());
        entry.field_count = offset(record.fields.size());
        bytes.append(record.raw);
        // This loop runs for every field of the file: the spans are written in place, and one
        // unsigned compare tells whether a field lies inside the record (one before it wraps
        // to a huge offset). An empty field may sit at the record's very end.
        const auto raw = reinterpret_cast<std::uintptr_t>(record.raw.data());
        const std::size_t raw_size = record.raw.size();
        if (raw_size <= 0xFFFF) {
            const std::size_t first = short_fields.size();
            short_fields.resize(first + record.fields.size());
            ShortSpan* span = short_fields.data() + first;
            for (std::string_view field : record.fields) {
                const std::size_t at = reinterpret_cast<std::uintptr_t>(field.data()) - raw;
                if (at > raw_size || field.size() > raw_size - at) break;
                *span++ = {static_cast<std::uint16_t>(at), static_cast<std::uint16_t>(field.size())};
            }
            if (span == short_fields.data() + short_fields.size()) {
                entry.is_short = true;
                entry.first_field = offset(first);
                return;
            }
            short_fields.resize(first);   // a field of its own bytes: the record takes wide spans
        }
        entry.is_short = false;
        entry.first_field = offset(fields.size());
        // A field inside the raw record (every unquoted field, and quoted ones without "")
        // is found there again; only the others need bytes of their own.
        const std::size_t first = fields.size();
        fields.resize(first + record.fields.size());
        Span* span = fields.data() + first;
        for (std::string_view field : record.fields) {
            const std::size_t at = reinterpret_cast<std::uintptr_t>(field.data()) - raw;
            if (at < raw_size && field.size() <= raw_size - at) {
                *span++ = {offset(entry.raw_at + at), offset(field.size())};
            } else {
                *span++ = {offset(bytes.size()), offset(field.size())};
                bytes.append(field);
            }
        }
    }

    void take(std::size_t index, CsvRecord& record) const {
        const Entry& entry = entries[index];
        record.line = entry.line;
        record.end_line = entry.line + entry.line_breaks;
        record.raw = std::string_view(bytes).substr(entry.raw_at, entry.raw_size);
        record.problem.clear();
        // Few records have a problem: a search from the back, where the latest ones are.
        for (auto at = problems.rbegin(); at != problems.rend() && at->first >= index; ++at)
            if (at->first == index) record.problem = at->second;
        record.fields.resize(entry.field_count);
        if (entry.is_short) {
            const char* const raw = bytes.data() + entry.raw_at;
            const ShortSpan* const spans = short_fields.data() + entry.first_field;
            for (std::size_t f = 0; f < entry.field_count; ++f)
                record.fields[f] = std::string_view(raw + spans[f].at, spans[f].size);
            return;
        }
        for (std::size_t f = 0; f < entry.field_count; ++f) {
            const Span span = fields[entry.first_field + f];
            record.fields[f] = std::string_view(bytes.data() + span.at, span.size);
        }
    }
};

}  // namespace

struct ReadAhead::Shared {
    RecordReader& reader;
    RecordWork* work;
    std::size_t batch_records;
    Batch batches[batches_in_flight];
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Batch*> free;    ///< for the reading thread to fill
    std::deque<Batch*> full;    ///< for the caller, in order
    bool stopping = false;
    /// Full batches the caller has not taken yet. None: the caller is waiting, or soon will be,
    /// for the batch being read. The reading thread looks at it for every record, and the
    /// caller moves `next_record` for every record: on one cache line, each of those writes
    /// took the line from the other core (a tenth of the run's CPU went to that wait).
    alignas(cache_line_bytes) std::atomic<std::size_t> batches_waiting{0};
    alignas(cache_line_bytes) Batch* current = nullptr;   ///< the caller's batch
    std::size_t next_record = 0;
    std::thread thread;

    Shared(RecordReader& reader, RecordWork* work, std::size_t batch_records)
        : reader(reader), work(work), batch_records(batch_records) {
        for (Batch& batch : batches) {
            // Sized once, here: most records have the header's fields and fit the batch.
            batch.bytes.reserve(batch_bytes + (std::size_t{4} << 10));
            batch.entries.resize(batch_records);
            // (A record has at least a byte per field: a header of 100,000 columns fills a
            // batch with a few records, not batch_records of them.)
            batch.short_fields.reserve(std::min(batch_records * reader.header().size(), batch_bytes));
            free.push_back(&batch);
        }
        thread = std::thread([this] { read_batches(); });
    }

    void read_batches() {
        CsvRecord record;
        for (;;) {
            Batch* batch = nullptr;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return stopping || !free.empty(); });
                if (stopping) return;
                batch = free.front();
                free.pop_front();
            }
            batch->clear();
            try {
                while (batch->used < batch_records && batch->bytes.size() < batch_bytes) {
                    if (!reader.next(record)) {
                        batch->is_last = true;
                        break;
                    }
                    if (work) {
                        const auto at = static_cast<std::size_t>(batch - batches);
                        // No batch waits for the caller: this thread is the one behind, and the
                        // caller will have time for the work. So the records go over sooner.
                        if (batches_waiting.load(std::memory_order_relaxed) == 0) work->skipped(at, batch->used);
                        else work->on_record(record, at, batch->used);
                    }
                    batch->add(record);
                }
            } catch (...) {
                batch->error = std::current_exception();
                batch->is_last = true;
            }
            batch->bytes_read = reader.bytes_read();
            {
                std::lock_guard lock(mutex);
                full.push_back(batch);
                batches_waiting.store(full.size(), std::memory_order_relaxed);
            }
            changed.notify_all();
            if (batch->is_last) return;
        }
    }
};

ReadAhead::ReadAhead(RecordReader& reader, RecordWork* work, std::size_t batch_records)
    : shared_(std::make_unique<Shared>(reader, work, batch_records == 0 ? 1 : batch_records)) {}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard lock(shared_->mutex);
        shared_->stopping = true;
    }
    shared_->changed.notify_all();
    shared_->thread.join();
}

bool ReadAhead::next(CsvRecord& record, RecordPlace* place) {
    Shared& shared = *shared_;
    while (!shared.current || shared.next_record == shared.current->used) {
        if (shared.current && shared.current->is_last) {
            if (shared.current->error) std::rethrow_exception(shared.current->error);
            return false;
        }
        std::unique_lock lock(shared.mutex);
        if (shared.current) shared.free.push_back(shared.current);
        shared.current = nullptr;
        shared.changed.notify_all();
        shared.changed.wait(lock, [&] { return !shared.full.empty(); });
        shared.current = shared.full.front();
        shared.full.pop_front();
        shared.batches_waiting.store(shared.full.size(), std::memory_order_relaxed);
        shared.next_record = 0;
    }
    if (place) *place = {static_cast<std::size_t>(shared.current - shared.batches), shared.next_record, shared.current->used};
    shared.current->take(shared.next_record++, record);
    return true;
}

std::uint64_t ReadAhead::bytes_read() const { return shared_->current ? shared_->current->bytes_read : 0; }

}  // namespace kamscore
