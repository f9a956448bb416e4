#include "kamscore/io/read_ahead.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "io/csv_test_support.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/csv_reader.hpp"

using namespace kamscore;
using namespace kamscore::test;

namespace {

/// Every record of `bytes` as ReadAhead hands it out, with batches of `batch_records`.
std::vector<OwnedRecord> read_ahead_all(std::string bytes, std::size_t batch_records, CsvDialect dialect = {}) {
    CsvReader reader(string_byte_source(std::move(bytes)), "x.csv", dialect);
    ReadAhead ahead(reader, nullptr, batch_records);
    std::vector<OwnedRecord> records;
    CsvRecord record;
    while (ahead.next(record)) {
        OwnedRecord owned{Fields(record.fields.begin(), record.fields.end()), record.line, record.end_line,
                          std::string(record.raw), record.problem, ahead.bytes_read()};
        records.push_back(std::move(owned));
    }
    return records;
}

/// An export with what moves a field's bytes away from its raw record: quoted fields with ""
/// (unescaped elsewhere), line breaks inside quotes, CRLF, blank and short lines, and no final
/// line break.
std::string awkward_export(int rows) {
    std::string bytes = "id,note,revenue\r\n";
    for (int i = 0; i < rows; ++i) {
        switch (i % 5) {
        case 0: bytes += "C" + std::to_string(i) + ",plain," + std::to_string(i * 3) + "\r\n"; break;
        case 1: bytes += "C" + std::to_string(i) + ",\"say \"\"hi\"\"\",1.5\r\n"; break;
        case 2: bytes += "C" + std::to_string(i) + ",\"two\r\nlines\",\"\"\n"; break;
        case 3: bytes += "\r\n" + std::string("C") + std::to_string(i) + ",short\r\n"; break;
        case 4: bytes += "C" + std::to_string(i) + ",\"\",\"\"\"\"\r\n"; break;
        }
    }
    return bytes + "C-last,\"no final\"\"break\",7";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("read ahead hands out every record as the reader does, whatever the batch size") {
    const std::string bytes = awkward_export(2'003);
    const ReadResult direct = read_all(bytes);
    for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{4096}}) {
        CAPTURE(batch);
        const std::vector<OwnedRecord> ahead = read_ahead_all(bytes, batch);
        REQUIRE(ahead.size() == direct.records.size());
        for (std::size_t i = 0; i < ahead.size(); ++i) {
            CAPTURE(i);
            CHECK(ahead[i].fields == direct.records[i].fields);
            CHECK(ahead[i].line == direct.records[i].line);
            CHECK(ahead[i].end_line == direct.records[i].end_line);
            CHECK(ahead[i].raw == direct.records[i].raw);
            CHECK(ahead[i].problem == direct.records[i].problem);
        }
        // Progress is counted a batch at a time and never goes back.
        for (std::size_t i = 1; i < ahead.size(); ++i) CHECK(ahead[i].end_offset >= ahead[i - 1].end_offset);
        CHECK(ahead.back().end_offset == bytes.size());
    }
}

TEST_CASE("read ahead hands out records over 64 KiB, and empty last fields, as the reader does") {
    // A field is kept as 16-bit offsets within its record when the record is at most 64 KiB:
    // the records just under, at and over that size, among short ones, must all come back.
    std::string bytes = "id,note,empty\n";
    for (const std::size_t note : {std::size_t{10}, std::size_t{65'535 - 9}, std::size_t{65'535 - 8},
                                   std::size_t{70'000}, std::size_t{3}}) {
        bytes += "C1," + std::string(note, 'n') + ",\n";
        bytes += "C2,\"" + std::string(note, 'q') + "\",\n";
    }
    const ReadResult direct = read_all(bytes);
    const std::vector<OwnedRecord> ahead = read_ahead_all(bytes, 3);
    REQUIRE(ahead.size() == direct.records.size());
    for (std::size_t i = 0; i < ahead.size(); ++i) {
        CAPTURE(i);
        CHECK(ahead[i].fields == direct.records[i].fields);
        CHECK(ahead[i].raw == direct.records[i].raw);
    }
}

TEST_CASE("read ahead keeps a record's problem and its best-effort fields") {
    const std::string bytes = "id,note\n1,ok\n2,\"never closed\n3,x\n";
    const ReadResult direct = read_all(bytes);
    const std::vector<OwnedRecord> ahead = read_ahead_all(bytes, 1);
    REQUIRE(ahead.size() == direct.records.size());
    CHECK_FALSE(ahead.back().problem.empty());
    CHECK(ahead.back().problem == direct.records.back().problem);
    CHECK(ahead.back().fields == direct.records.back().fields);
}

TEST_CASE("read ahead throws the reader's error after the records before it, not earlier") {
    // Invalid UTF-8 far beyond what opening the file looks at: ReadAhead hands out as many
    // records as the reader does before it throws (the reader checks the bytes a buffer at a
    // time), then the same error.
    std::string bytes = "id,name\n";
    for (int i = 0; i < 100'000; ++i) bytes += std::to_string(i) + ",name\n";
    bytes += "x,\xff\ny,d\n";
    auto count_then_error = [&](auto&& next) {
        CsvRecord record;
        std::size_t count = 0;
        try {
            while (next(record)) ++count;
        } catch (const Error& error) {
            return std::pair(count, located_message(error));
        }
        return std::pair(count, std::string("(no error)"));
    };
    CsvReader direct_reader(string_byte_source(bytes), "x.csv");
    const auto direct = count_then_error([&](CsvRecord& record) { return direct_reader.next(record); });
    CsvReader reader(string_byte_source(bytes), "x.csv");
    ReadAhead ahead(reader, nullptr, 64);
    const auto read_ahead = count_then_error([&](CsvRecord& record) { return ahead.next(record); });
    CHECK(direct.second.find("x.csv:100002:3: invalid UTF-8") != std::string::npos);
    CHECK(read_ahead == direct);
}

TEST_CASE("a read ahead given up early stops its thread") {
    // Many batches are left unread: the destructor must neither hang nor touch freed memory.
    const std::string bytes = awkward_export(50'000);
    CsvReader reader(string_byte_source(bytes), "x.csv");
    {
        ReadAhead ahead(reader, nullptr, 16);
        CsvRecord record;
        for (int i = 0; i < 40; ++i) REQUIRE(ahead.next(record));
    }
    // The reader goes on where the thread left it: after some whole batch.
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(record.line > 40);
}
}

TEST_SUITE("io") {
TEST_CASE("read ahead does its work on every record and says where to find what it made") {
    // The work notes each record's line by place; the caller finds its record's line there.
    struct NoteLines : RecordWork {
        std::vector<std::uint64_t> lines[ReadAhead::batches_in_flight];
        void on_record(const CsvRecord& record, std::size_t batch, std::size_t index) override {
            if (lines[batch].size() <= index) lines[batch].resize(index + 1);
            lines[batch][index] = record.line;
        }
        void skipped(std::size_t batch, std::size_t index) override {
            if (lines[batch].size() <= index) lines[batch].resize(index + 1);
            lines[batch][index] = 0;
        }
    } work;
    const std::string bytes = awkward_export(5'000);
    CsvReader reader(string_byte_source(bytes), "x.csv");
    ReadAhead ahead(reader, &work, 100);
    CsvRecord record;
    RecordPlace place;
    std::size_t records = 0, done_ahead = 0;
    while (ahead.next(record, &place)) {
        // A caller busy with each batch (here: asleep) leaves the reading thread time for the
        // work; one that waits gets the records without it.
        if (place.index == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++records;
        REQUIRE(place.batch < ReadAhead::batches_in_flight);
        REQUIRE(place.index < place.batch_size);
        CHECK(place.batch_size <= 100);
        // Done on the reading thread, or left to this one while it waited.
        const std::uint64_t noted = work.lines[place.batch][place.index];
        CHECK((noted == record.line || noted == 0));
        if (noted) ++done_ahead;
    }
    CHECK(records == read_all(bytes).records.size());
    CHECK(done_ahead > 0);
}
}
