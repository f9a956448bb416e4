#pragma once
// Helpers for the reader tests only: sources that trickle, a read-buffer size for a scope, and
// records copied out of the reader.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/csv_buffer_size.hpp"
#include "kamscore/io/csv_reader.hpp"

namespace kamscore::test {

using Fields = std::vector<std::string>;

/// A record copied out of the reader, whose views die with the next call.
struct OwnedRecord {
    Fields fields;
    std::uint64_t line = 0;
    std::uint64_t end_line = 0;
    std::string raw;
    std::string problem;
    std::uint64_t end_offset = 0;   ///< CsvReader::bytes_read() after the record
};

struct ReadResult {
    Fields header;
    char delimiter = 0;
    std::vector<OwnedRecord> records;
};

/// Hands out its bytes one per read() call, as a slow pipe might.
class OneByteSource : public ByteSource {
public:
    explicit OneByteSource(std::string bytes) : bytes_(std::move(bytes)) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        if (position_ == bytes_.size() || capacity == 0) return 0;
        *buffer = bytes_[position_++];
        return 1;
    }

private:
    std::string bytes_;
    std::size_t position_ = 0;
};

/// Makes readers constructed in its scope use a read buffer of `bytes`.
class BufferSize {
public:
    explicit BufferSize(std::size_t bytes) : previous_(set_csv_buffer_bytes_for_testing(bytes)) {}
    ~BufferSize() { set_csv_buffer_bytes_for_testing(previous_); }
    BufferSize(const BufferSize&) = delete;
    BufferSize& operator=(const BufferSize&) = delete;

private:
    std::size_t previous_;
};

/// Reads the header and every record into `result`; what was read before an exception stays.
inline void read_into(ReadResult& result, std::unique_ptr<ByteSource> source, CsvDialect dialect = {}) {
    CsvReader reader(std::move(source), "x.csv", dialect);
    result.header = reader.header();
    result.delimiter = reader.delimiter();
    CsvRecord record;
    while (reader.next(record)) {
        OwnedRecord& owned = result.records.emplace_back();
        owned.fields.assign(record.fields.begin(), record.fields.end());
        owned.line = record.line;
        owned.end_line = record.end_line;
        owned.raw = record.raw;
        owned.problem = record.problem;
        owned.end_offset = reader.bytes_read();
    }
}

inline ReadResult read_from(std::unique_ptr<ByteSource> source, CsvDialect dialect = {}) {
    ReadResult result;
    read_into(result, std::move(source), dialect);
    return result;
}

inline ReadResult read_all(std::string bytes, CsvDialect dialect = {}) {
    return read_from(string_byte_source(std::move(bytes)), dialect);
}

}  // namespace kamscore::test
