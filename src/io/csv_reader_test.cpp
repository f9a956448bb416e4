#include "kamscore/io/csv_reader.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "io/csv_buffer_size.hpp"
#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

/// A record copied out of the reader, whose views die with the next call.
struct OwnedRecord {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::uint64_t end_line = 0;
    std::string raw;
    std::string problem;
};

struct ReadResult {
    std::vector<std::string> header;
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

ReadResult read_from(std::unique_ptr<ByteSource> source, CsvDialect dialect = {}) {
    CsvReader reader(std::move(source), "x.csv", dialect);
    ReadResult result{reader.header(), reader.delimiter(), {}};
    CsvRecord record;
    while (reader.next(record)) {
        OwnedRecord& owned = result.records.emplace_back();
        owned.fields.assign(record.fields.begin(), record.fields.end());
        owned.line = record.line;
        owned.end_line = record.end_line;
        owned.raw = record.raw;
        owned.problem = record.problem;
    }
    return result;
}

ReadResult read_all(std::string bytes, CsvDialect dialect = {}) {
    return read_from(string_byte_source(std::move(bytes)), dialect);
}

using Fields = std::vector<std::string>;

std::string error_of(std::string bytes, CsvDialect dialect = {}) {
    try {
        read_all(std::move(bytes), dialect);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a plain file gives the header and each record's fields") {
    const auto result = read_all("id,name,revenue\n1,Acme,100\n2,Bolt,\n");
    CHECK(result.header == Fields{"id", "name", "revenue"});
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[0].fields == Fields{"1", "Acme", "100"});
    CHECK(result.records[1].fields == Fields{"2", "Bolt", ""});
    CHECK(result.records[0].line == 2);
    CHECK(result.records[1].line == 3);
    CHECK(result.records[1].raw == "2,Bolt,\n");
    CHECK(result.records[1].problem.empty());
}

TEST_CASE("quoted fields may hold delimiters, doubled quotes and line breaks") {
    const auto result = read_all("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",\"\"\"\",z\n");
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[0].fields == Fields{"x,y", "say \"hi\"", "two\nlines"});
    CHECK(result.records[1].fields == Fields{"", "\"", "z"});
}

TEST_CASE("quotes inside an unquoted field are ordinary bytes") {
    const auto result = read_all("a,b\n12\" pipe,x\"y\"\n");
    REQUIRE(result.records.size() == 1);
    CHECK(result.records[0].fields == Fields{"12\" pipe", "x\"y\""});
}

TEST_CASE("text after a closing quote keeps the field's bytes as they are") {
    const auto result = read_all("a,b\n\"Atlas\" Systems,\"ab\"c\"d\n");
    REQUIRE(result.records.size() == 1);
    CHECK(result.records[0].fields == Fields{"\"Atlas\" Systems", "\"ab\"c\"d"});
    CHECK(result.records[0].problem.empty());
}

TEST_CASE("CR, LF and CRLF all end records, also mixed in one file") {
    for (const std::string end : {"\n", "\r\n", "\r"}) {
        CAPTURE(end);
        const auto result = read_all("a;b" + end + "1;2" + end + "3;4" + end);
        CHECK(result.header == Fields{"a", "b"});
        REQUIRE(result.records.size() == 2);
        CHECK(result.records[1].fields == Fields{"3", "4"});
        CHECK(result.records[1].line == 3);
        CHECK(result.records[1].raw == "3;4" + end);
    }
    const auto mixed = read_all("a,b\r\n1,2\r3,4\n5,6\r\n");
    REQUIRE(mixed.records.size() == 3);
    CHECK(mixed.records[0].raw == "1,2\r");
    CHECK(mixed.records[1].fields == Fields{"3", "4"});
    CHECK(mixed.records[2].line == 4);
}

TEST_CASE("the last record needs no final line break") {
    const auto result = read_all("a,b\n1,2\n3,4");
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[1].fields == Fields{"3", "4"});
    CHECK(result.records[1].raw == "3,4");
    CHECK(read_all("a,b\n1,\"x\"").records.at(0).fields == Fields{"1", "x"});
    CHECK(read_all("a,b\n1,").records.at(0).fields == Fields{"1", ""});
    CHECK(read_all("a,b").header == Fields{"a", "b"});
}

TEST_CASE("a UTF-8 byte-order mark is not part of the first header name") {
    const auto result = read_all("\xEF\xBB\xBFid;name\r\n1;x\r\n");
    CHECK(result.header == Fields{"id", "name"});
    CHECK(result.delimiter == ';');
    CHECK(result.records.at(0).line == 2);
}

TEST_CASE("blank lines are skipped but counted in line numbers") {
    const auto result = read_all("\na,b\n1,2\n\n\r\n\r3,4\n\n\n");
    CHECK(result.header == Fields{"a", "b"});
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[0].line == 3);
    CHECK(result.records[1].line == 7);
    CHECK(result.records[1].raw == "3,4\n");
}

TEST_CASE("a line of spaces or delimiters is a record, not a blank line") {
    const auto result = read_all("a,b\n  \n,\n\"\"\n");
    REQUIRE(result.records.size() == 3);
    CHECK(result.records[0].fields == Fields{"  "});
    CHECK(result.records[1].fields == Fields{"", ""});
    CHECK(result.records[2].fields == Fields{""});
}

TEST_CASE("a multi-line record reports where it starts and ends and keeps its raw bytes") {
    const std::string second = "2,\"Street 1\r\nFloor \"\"3\"\"\r\n\r\nBerlin\"\r\n";
    const auto result = read_all("id,address\r\n1,x\r\n" + second + "3,y\r\n");
    REQUIRE(result.records.size() == 3);
    CHECK(result.records[1].fields == Fields{"2", "Street 1\r\nFloor \"3\"\r\n\r\nBerlin"});
    CHECK(result.records[1].line == 3);
    CHECK(result.records[1].end_line == 6);
    CHECK(result.records[1].raw == second);
    CHECK(result.records[2].line == 7);
    CHECK(result.records[2].end_line == 7);
}

TEST_CASE("an unterminated quote at the end of input gives a record with a problem") {
    const auto result = read_all("a,b\n1,2\n3,\"open\nand on\n");
    REQUIRE(result.records.size() == 2);
    const auto& bad = result.records[1];
    CHECK(bad.problem == "unterminated quoted field (the quote opened on line 3)");
    CHECK(bad.fields == Fields{"3", "open\nand on\n"});
    CHECK(bad.line == 3);
    CHECK(bad.end_line == 4);
    CHECK(bad.raw == "3,\"open\nand on\n");
}

TEST_CASE("an unterminated quote in the header is an error") {
    CHECK(error_of("a,\"b\n1,2\n") ==
          "x.csv:1: the header has an unterminated quoted field (the quote opened on line 1)");
}

TEST_CASE("a record over the size cap is an error naming its start line") {
    CsvDialect dialect;
    dialect.max_record_bytes = 64;
    const std::string big(100, 'x');
    CHECK(error_of("a,b\n1,2\n\"" + big + "\n" + big + "\"\n", dialect) ==
          "x.csv:3: a record is larger than 64 bytes (the limit): is a quote left open? "
          "the quoted field opened on line 3 has not closed");
    CHECK(error_of("a,b\n1,2\n\n" + big + "\n", dialect) ==
          "x.csv:4: a record is larger than 64 bytes (the limit): is a quote left open, or is the file not CSV?");
    CHECK(error_of(big + "\n", dialect).starts_with("x.csv:1: a record is larger than 64 bytes"));
    dialect.max_record_bytes = 4;
    CHECK_NOTHROW(read_all("a,b\n1,2\n", dialect));
    {
        BufferSize small(4);
        CHECK(error_of("a,b\n1,2\n12345\n", dialect).starts_with("x.csv:3: a record is larger than 4 bytes"));
    }
    dialect.max_record_bytes = 1024;
    CHECK(error_of("a,b\n" + std::string(2000, 'z') + "\n", dialect).starts_with("x.csv:2: a record is larger than 1 KiB (the limit)"));
}

TEST_CASE("a record larger than the read buffer grows it") {
    BufferSize small(8);
    const std::string long_field(1000, 'y');
    const auto result = read_all("a,b\n1,\"" + long_field + "\"\n2,3\n");
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[0].fields == Fields{"1", long_field});
    CHECK(result.records[1].fields == Fields{"2", "3"});
}

TEST_CASE("records straddling buffer refills read the same for every buffer size") {
    const std::string text =
        "\xEF\xBB\xBFid;note\r\n1;\"a;b\"\"c\"\"\r\nd\"\r\n\r\n2;plain\r3;\"x\"\n4;\"\"\r\n5;end";
    const auto expected = read_all(text);
    REQUIRE(expected.records.size() == 5);
    CHECK(expected.records[0].fields == Fields{"1", "a;b\"c\"\r\nd"});
    for (std::size_t size = 4; size <= text.size() + 1; ++size) {
        CAPTURE(size);
        BufferSize small(size);
        const auto result = read_all(text);
        CHECK(result.header == expected.header);
        REQUIRE(result.records.size() == expected.records.size());
        for (std::size_t i = 0; i < result.records.size(); ++i) {
            CHECK(result.records[i].fields == expected.records[i].fields);
            CHECK(result.records[i].raw == expected.records[i].raw);
            CHECK(result.records[i].line == expected.records[i].line);
            CHECK(result.records[i].end_line == expected.records[i].end_line);
        }
    }
    const auto trickled = read_from(std::make_unique<OneByteSource>(text));
    REQUIRE(trickled.records.size() == expected.records.size());
    for (std::size_t i = 0; i < trickled.records.size(); ++i) CHECK(trickled.records[i].raw == expected.records[i].raw);
}

TEST_CASE("the delimiter is detected from the header, not fooled by quoted text") {
    CHECK(read_all("a;b;c\n1;2;3\n").delimiter == ';');
    CHECK(read_all("a\tb\n1\t2\n").delimiter == '\t');
    CHECK(read_all("a|b\n").delimiter == '|');
    CHECK(read_all("\"x,y,z\";b\n1;2\n").delimiter == ';');
    CHECK(read_all("\"multi\nline, name\";b\n1;2\n").header == Fields{"multi\nline, name", "b"});
    CHECK(read_all("single\n1\n").delimiter == ',');
    CsvDialect given;
    given.delimiter = ';';
    CHECK(read_all("a,b;c\n", given).header == Fields{"a,b", "c"});
}

TEST_CASE("detect_delimiter counts outside quotes and breaks ties in a fixed order") {
    CHECK(detect_delimiter("a,b;c") == ',');
    CHECK(detect_delimiter("a;b;c,d") == ';');
    CHECK(detect_delimiter("a\tb|c") == '\t');
    CHECK(detect_delimiter("\"a;b;c\",d") == ',');
    CHECK(detect_delimiter("name") == ',');
    CHECK(detect_delimiter("a;b\nc,d,e,f") == ';');
}

TEST_CASE("UTF-16 and UTF-32 inputs are refused naming the encoding") {
    CHECK(error_of(std::string("\xFF\xFE" "a\0,\0b\0", 8)) ==
          "kamscore: error: 'x.csv' is UTF-16 LE encoded: save it as UTF-8 CSV, "
          "or convert it with iconv -f UTF-16 -t UTF-8");
    CHECK(error_of(std::string("\xFE\xFF\0a", 4)).starts_with("kamscore: error: 'x.csv' is UTF-16 BE encoded"));
    CHECK(error_of(std::string("\xFF\xFE\0\0a\0\0\0", 8)) ==
          "kamscore: error: 'x.csv' is UTF-32 LE encoded: save it as UTF-8 CSV, "
          "or convert it with iconv -f UTF-32 -t UTF-8");
    CHECK(error_of(std::string("\0\0\xFE\xFF", 4)).starts_with("kamscore: error: 'x.csv' is UTF-32 BE encoded"));
}

TEST_CASE("an input without a header line is an error") {
    const std::string message = "kamscore: error: 'x.csv' is empty: expected a header line";
    CHECK(error_of("") == message);
    CHECK(error_of("\xEF\xBB\xBF") == message);
    CHECK(error_of("\r\n\n\r") == message);
}

TEST_CASE("a header-only file has no records") {
    CHECK(read_all("a,b\n").records.empty());
    CHECK(read_all("a,b\n\n\n").records.empty());
}

TEST_CASE("fields point into the read buffer unless they had to be unescaped") {
    CsvReader reader(string_byte_source("a,b,c\nplain,\"quoted\",\"esc\"\"aped\"\n"), "x.csv");
    CsvRecord record;
    REQUIRE(reader.next(record));
    const char* const raw_begin = record.raw.data();
    const char* const raw_end = raw_begin + record.raw.size();
    CHECK(record.fields[0].data() == raw_begin);
    CHECK(record.fields[1].data() == raw_begin + 7);
    CHECK((record.fields[2].data() < raw_begin || record.fields[2].data() >= raw_end));
    CHECK(record.fields[2] == "esc\"aped");
    CHECK(record.raw == "plain,\"quoted\",\"esc\"\"aped\"\n");
}

TEST_CASE("bytes_read counts the input consumed so far") {
    CsvReader reader(string_byte_source("\xEF\xBB\xBF" "a\n1\n\n22\n"), "x.csv");
    CHECK(reader.bytes_read() == 5);
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(reader.bytes_read() == 7);
    REQUIRE(reader.next(record));
    CHECK(reader.bytes_read() == 11);
    CHECK_FALSE(reader.next(record));
}

TEST_CASE("random tables read back field for field, whatever the buffer size") {
    // Each table is written the way an RFC 4180 writer would, with random line ends and
    // awkward bytes; reading it back must give the same fields, lines and raw bytes.
    std::mt19937 random(20240601);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    const char delimiters[] = {',', ';', '\t', '|'};
    const std::string alphabet[] = {"a", "b", "7", " ", ",", ";", "\t", "|", "\"", "\r", "\n", "\r\n", "\xC3\xA9", "x"};
    const std::string line_ends[] = {"\n", "\r\n", "\r"};
    for (int table = 0; table < 300; ++table) {
        const char delimiter = delimiters[pick(4)];
        const std::size_t columns = 1 + pick(4);
        const std::size_t rows = 1 + pick(6);
        std::string text;
        std::vector<Fields> expected_fields;
        std::vector<std::string> expected_raw;
        std::vector<std::uint64_t> expected_line;
        std::uint64_t line = 1;
        for (std::size_t row = 0; row < rows; ++row) {
            Fields fields;
            std::string raw;
            const std::uint64_t start_line = line;
            for (std::size_t column = 0; column < columns; ++column) {
                std::string field;
                for (std::size_t length = pick(6); length > 0; --length) field += alphabet[pick(std::size(alphabet))];
                const bool must_quote = field.find_first_of(std::string("\"\r\n") + delimiter) != std::string::npos ||
                                        (columns == 1 && field.empty());
                if (column > 0) raw += delimiter;
                if (must_quote || pick(4) == 0) {
                    raw += '"';
                    for (const char c : field) raw += c == '"' ? std::string("\"\"") : std::string(1, c);
                    raw += '"';
                    for (std::size_t i = 0; i < field.size(); ++i)
                        if (field[i] == '\r' || (field[i] == '\n' && (i == 0 || field[i - 1] != '\r'))) ++line;
                } else {
                    raw += field;
                }
                fields.push_back(field);
            }
            const bool is_last = row + 1 == rows;
            if (!is_last || pick(2) == 0) {
                raw += line_ends[pick(3)];
                ++line;
            }
            text += raw;
            if (row > 0) {
                expected_fields.push_back(fields);
                expected_raw.push_back(raw);
                expected_line.push_back(start_line);
            }
        }
        CsvDialect dialect;
        dialect.delimiter = delimiter;
        for (const std::size_t buffer : {std::size_t{0}, std::size_t{4}, std::size_t{5}, std::size_t{13}}) {
            CAPTURE(table);
            CAPTURE(buffer);
            BufferSize size(buffer);
            const auto result = buffer == 5 ? read_from(std::make_unique<OneByteSource>(text), dialect)
                                            : read_all(text, dialect);
            REQUIRE(result.records.size() == expected_fields.size());
            for (std::size_t i = 0; i < expected_fields.size(); ++i) {
                CHECK(result.records[i].fields == expected_fields[i]);
                CHECK(result.records[i].raw == expected_raw[i]);
                CHECK(result.records[i].line == expected_line[i]);
                CHECK(result.records[i].problem.empty());
            }
        }
    }
}
}
