// Property tests of the reader: random tables read back exactly, in every encoding, and
// randomly corrupted files never crash the reader nor lose a byte.
#include "kamscore/io/csv_reader.hpp"

#include <doctest/doctest.h>

#include <iconv.h>

#include <cerrno>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/csv_test_support.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/transcode.hpp"

using namespace kamscore;
using namespace kamscore::test;

namespace {

/// A table written the way an RFC 4180 writer would, and what reading it must give.
struct RandomTable {
    std::string text;
    char delimiter = ',';
    std::vector<Fields> fields;            ///< of the records after the header
    std::vector<std::string> raw;
    std::vector<std::uint64_t> lines;
};

class TableGenerator {
public:
    TableGenerator(std::uint32_t seed, std::vector<std::string> alphabet)
        : random_(seed), alphabet_(std::move(alphabet)) {}

    std::size_t pick(std::size_t n) { return static_cast<std::size_t>(random_() % n); }

    /// Random delimiter, 1-4 columns, 1-6 rows (the first is the header), fields quoted when
    /// they must be and sometimes when they need not, random line ends, sometimes none at
    /// the end.
    RandomTable make() {
        static const char delimiters[] = {',', ';', '\t', '|'};
        static const std::string line_ends[] = {"\n", "\r\n", "\r"};
        RandomTable table;
        table.delimiter = delimiters[pick(4)];
        const std::size_t columns = 1 + pick(4);
        const std::size_t rows = 1 + pick(6);
        std::uint64_t line = 1;
        for (std::size_t row = 0; row < rows; ++row) {
            Fields fields;
            std::string raw;
            const std::uint64_t start_line = line;
            for (std::size_t column = 0; column < columns; ++column) {
                std::string field;
                for (std::size_t length = pick(6); length > 0; --length) field += alphabet_[pick(alphabet_.size())];
                const bool must_quote =
                    field.find_first_of(std::string("\"\r\n") + table.delimiter) != std::string::npos ||
                    (columns == 1 && field.empty());
                if (column > 0) raw += table.delimiter;
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
            if (row + 1 < rows || pick(2) == 0) {
                raw += line_ends[pick(3)];
                ++line;
            }
            table.text += raw;
            if (row > 0) {
                table.fields.push_back(fields);
                table.raw.push_back(raw);
                table.lines.push_back(start_line);
            }
        }
        return table;
    }

private:
    std::mt19937 random_;
    std::vector<std::string> alphabet_;
};

const std::vector<std::string> awkward_bytes = {"a", "b", "7", " ", ",", ";", "\t", "|", "\"",
                                                "\r", "\n", "\r\n", "\xC3\xA9", "x"};

/// Converts with glibc's iconv, an implementation independent of ours; nullopt when `text`
/// is not valid in `from` or has no form in `to`. `failed_at` gets the offset where it stopped.
std::optional<std::string> iconv_convert(const std::string& text, const char* to, const char* from,
                                         std::size_t* failed_at = nullptr) {
    iconv_t converter = iconv_open(to, from);
    REQUIRE(converter != reinterpret_cast<iconv_t>(-1));
    std::string input = text;
    std::string output(text.size() * 4 + 16, '\0');
    char* in = input.data();
    std::size_t in_left = input.size();
    char* out = output.data();
    std::size_t out_left = output.size();
    const std::size_t result = iconv(converter, &in, &in_left, &out, &out_left);
    iconv_close(converter);
    if (result == static_cast<std::size_t>(-1)) {
        if (failed_at) *failed_at = static_cast<std::size_t>(in - input.data());
        return std::nullopt;
    }
    output.resize(output.size() - out_left);
    return output;
}

/// Where glibc finds the first invalid UTF-8 sequence, or nullopt when there is none.
std::optional<std::size_t> first_invalid_utf8(const std::string& bytes) {
    std::size_t at = 0;
    if (iconv_convert(bytes, "UTF-32LE", "UTF-8", &at)) return std::nullopt;
    return at;
}

/// The physical line (1-based) of byte `offset`: one more than the line breaks before it.
std::uint64_t line_at(const std::string& bytes, std::size_t offset) {
    std::uint64_t line = 1;
    for (std::size_t i = 0; i < offset; ++i)
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) ++line;
    return line;
}

/// The byte column (1-based) of byte `offset` in its physical line.
std::uint64_t column_at(const std::string& bytes, std::size_t offset) {
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) line_start = i + 1;
    return offset - line_start + 1;
}

void check_same_records(const ReadResult& result, const RandomTable& table) {
    REQUIRE(result.records.size() == table.fields.size());
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        CHECK(result.records[i].fields == table.fields[i]);
        CHECK(result.records[i].line == table.lines[i]);
        CHECK(result.records[i].problem.empty());
    }
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("random tables read back field for field, whatever the buffer size") {
    TableGenerator generator(20240601, awkward_bytes);
    for (int round = 0; round < 300; ++round) {
        const RandomTable table = generator.make();
        CsvDialect dialect;
        dialect.delimiter = table.delimiter;
        for (const std::size_t buffer : {std::size_t{0}, std::size_t{4}, std::size_t{5}, std::size_t{13}}) {
            CAPTURE(round);
            CAPTURE(buffer);
            BufferSize size(buffer);
            const auto result = buffer == 5 ? read_from(std::make_unique<OneByteSource>(table.text), dialect)
                                            : read_all(table.text, dialect);
            check_same_records(result, table);
            for (std::size_t i = 0; i < table.raw.size(); ++i) CHECK(result.records[i].raw == table.raw[i]);
        }
    }
}

TEST_CASE("random tables read back field for field from UTF-16 and Windows-1252") {
    std::vector<std::string> alphabet = awkward_bytes;
    alphabet.push_back("\xE2\x82\xAC");   // € : 0x80 in Windows-1252
    alphabet.push_back("\xC3\x9F");       // ß
    std::vector<std::string> with_emoji = alphabet;
    with_emoji.push_back("\xF0\x9F\x98\x80");   // a surrogate pair in UTF-16
    TableGenerator generator(1252, alphabet);
    TableGenerator emoji_generator(16, with_emoji);
    for (int round = 0; round < 200; ++round) {
        const int encoding = round % 3;
        const RandomTable table = encoding == 2 ? generator.make() : emoji_generator.make();
        std::string bytes;
        CsvDialect dialect;
        dialect.delimiter = table.delimiter;
        if (encoding == 0) {
            bytes = "\xFF\xFE" + *iconv_convert(table.text, "UTF-16LE", "UTF-8");
        } else if (encoding == 1) {
            bytes = "\xFE\xFF" + *iconv_convert(table.text, "UTF-16BE", "UTF-8");
        } else {
            bytes = *iconv_convert(table.text, "WINDOWS-1252", "UTF-8");
            dialect.encoding = TextEncoding::Windows1252;
        }
        for (const std::size_t buffer : {std::size_t{0}, std::size_t{4}, std::size_t{9}}) {
            CAPTURE(round);
            CAPTURE(buffer);
            BufferSize size(buffer);
            const auto result = read_all(bytes, dialect);
            check_same_records(result, table);
            // Raw bytes are the UTF-8 form of the record: what a rejects file receives.
            for (std::size_t i = 0; i < table.raw.size(); ++i) CHECK(result.records[i].raw == table.raw[i]);
        }
    }
}

TEST_CASE("the UTF-8 validator agrees with glibc's iconv on random bytes") {
    const std::string pieces[] = {"a", "Z", "\n", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF",
                                  "\x80", "\xBF", "\xC0", "\xC1", "\xC2", "\xDF", "\xE0", "\xE0\x9F\xBF",
                                  "\xED", "\xED\xA0\x80", "\xED\x9F\xBF", "\xEE", "\xF0", "\xF0\x8F", "\xF4",
                                  "\xF4\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF5", "\xF8", "\xFE", "\xFF"};
    std::mt19937 random(88231);
    for (int round = 0; round < 20000; ++round) {
        std::string bytes;
        for (std::size_t count = random() % 12; count > 0; --count) bytes += pieces[random() % std::size(pieces)];
        if (random() % 2) bytes = std::string(random() % 70, 'q') + bytes;   // past the 32- and 8-byte paths
        CAPTURE(bytes);
        Utf8Validator validator;
        std::optional<std::size_t> ours;
        if (validator.check(bytes.data(), bytes.size()) < bytes.size() || !validator.is_complete())
            ours = static_cast<std::size_t>(validator.error_offset());
        CHECK(ours == first_invalid_utf8(bytes));
    }
}

TEST_CASE("corrupted files never crash the reader and every byte is accounted for") {
    // Whatever happens to a file (bytes changed, inserted, deleted, the end cut off), reading
    // it either fails with one of the reader's messages or gives records whose raw bytes,
    // with the blank lines between them, are exactly the input: no record is lost or made up.
    // Invalid UTF-8 must fail naming the offset glibc finds and the line of that offset.
    const std::string pool[] = {"\"", ",", ";", "\t", "|", "\r", "\n", "a", " ", "\xC3", "\xA9", "\x80", "\xFF"};
    TableGenerator generator(4180, awkward_bytes);
    for (int round = 0; round < 1500; ++round) {
        CAPTURE(round);
        const RandomTable table = generator.make();
        std::string bytes = table.text;
        for (std::size_t edits = 1 + generator.pick(3); edits > 0; --edits) {
            const std::size_t at = generator.pick(bytes.size() + 1);
            switch (generator.pick(4)) {
            case 0:
                if (at < bytes.size()) bytes.replace(at, 1, pool[generator.pick(std::size(pool))]);
                break;
            case 1: bytes.insert(at, pool[generator.pick(std::size(pool))]); break;
            case 2:
                if (at < bytes.size()) bytes.erase(at, 1);
                break;
            default: bytes.resize(at); break;
            }
        }
        // A leading 0xFF would make a UTF-16 byte-order mark possible: that is another test.
        if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) >= 0xFE) bytes[0] = 'x';
        CAPTURE(bytes);

        CsvDialect dialect;
        dialect.delimiter = generator.pick(2) == 0 ? 0 : table.delimiter;
        const std::size_t buffers[] = {0, 4, 7, 64};
        BufferSize size(buffers[generator.pick(4)]);
        ReadResult result;
        std::string error;
        std::size_t header_end = 0;
        std::string header_raw;
        try {
            CsvReader reader(string_byte_source(bytes), "x.csv", dialect);
            header_end = reader.bytes_read();
            header_raw = reader.header_raw();
            CsvRecord record;
            while (reader.next(record)) {
                OwnedRecord& owned = result.records.emplace_back();
                owned.fields.assign(record.fields.begin(), record.fields.end());
                owned.line = record.line;
                owned.raw = record.raw;
                owned.problem = record.problem;
                owned.end_offset = reader.bytes_read();
            }
        } catch (const Error& failure) {
            CHECK(failure.code() == ExitCode::BadData);
            error = located_message(failure);
        }

        const std::optional<std::size_t> invalid = first_invalid_utf8(bytes);
        if (invalid) {
            CHECK(error == fmt::format("x.csv:{}:{}: invalid UTF-8 at byte offset {} (0x{:02X}): the file is probably "
                                       "Windows-1252 (German Excel, SAP); add 'encoding: windows-1252' under "
                                       "'input:' or pass --encoding windows-1252",
                                       line_at(bytes, *invalid), column_at(bytes, *invalid), *invalid,
                                       static_cast<unsigned char>(bytes[*invalid])));
        } else if (!error.empty()) {
            const bool is_known = error == "'x.csv' is empty: expected a header line" ||
                                  error.find(": the header has an unterminated quoted field") != std::string::npos;
            CHECK_MESSAGE(is_known, error);
        }
        if (header_end == 0) continue;   // the reader did not get past its header

        // Walk the input: only line breaks between records, each record's bytes where it says.
        std::size_t position = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
        const auto skip_blank_lines = [&](std::size_t until) {
            REQUIRE(position <= until);
            for (; position < until; ++position) REQUIRE((bytes[position] == '\r' || bytes[position] == '\n'));
        };
        skip_blank_lines(header_end - header_raw.size());
        CHECK(bytes.compare(position, header_raw.size(), header_raw) == 0);
        position = header_end;
        for (std::size_t i = 0; i < result.records.size(); ++i) {
            const OwnedRecord& record = result.records[i];
            CAPTURE(i);
            skip_blank_lines(record.end_offset - record.raw.size());
            CHECK(record.line == line_at(bytes, position));
            CHECK(bytes.compare(position, record.raw.size(), record.raw) == 0);
            CHECK(!record.fields.empty());
            // Only a quote still open at the very end makes a malformed record.
            if (!record.problem.empty()) CHECK(record.end_offset == bytes.size());
            position = record.end_offset;
        }
        if (error.empty()) skip_blank_lines(bytes.size());
    }
}

TEST_CASE("with invalid UTF-8 as bad records, exactly the records holding such bytes are marked, where they are") {
    // Random tables with bytes that break UTF-8 put anywhere: reading goes on to the end, no
    // byte is lost, and a record's problem names the line and column of its first bad byte.
    const std::string pool[] = {"\xC3", "\xA9", "\x80", "\xFF", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80", "\n"};
    TableGenerator generator(1532, awkward_bytes);
    CsvDialect dialect;
    dialect.invalid_utf8 = InvalidUtf8::BadRecord;
    for (int round = 0; round < 1500; ++round) {
        CAPTURE(round);
        const RandomTable table = generator.make();
        std::string bytes = table.text;
        for (std::size_t edits = 1 + generator.pick(4); edits > 0; --edits)
            bytes.insert(generator.pick(bytes.size() + 1), pool[generator.pick(std::size(pool))]);
        if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) >= 0xFE) bytes[0] = 'x';
        CAPTURE(bytes);
        dialect.delimiter = table.delimiter;
        const std::size_t buffers[] = {0, 4, 7, 64};
        BufferSize size(buffers[generator.pick(4)]);
        std::optional<CsvReader> reader;
        try {
            reader.emplace(string_byte_source(bytes), "x.csv", dialect);
        } catch (const Error& failure) {
            const std::string message = located_message(failure);
            const bool is_known = message.find(": invalid UTF-8 in the header at byte offset ") != std::string::npos ||
                                  message.find(": the header has an unterminated quoted field") != std::string::npos ||
                                  message == "'x.csv' is empty: expected a header line";
            CHECK_MESSAGE(is_known, message);
            continue;
        }
        std::size_t position = reader->bytes_read();
        CsvRecord record;
        while (reader->next(record)) {
            while (bytes[position] == '\r' || bytes[position] == '\n') ++position;
            REQUIRE(bytes.compare(position, record.raw.size(), record.raw) == 0);
            const std::optional<std::size_t> invalid = first_invalid_utf8(std::string(record.raw));
            if (!invalid) {
                CHECK(record.problem.find("invalid UTF-8") == std::string::npos);
            } else if (!record.problem.starts_with("unterminated quoted field")) {
                const std::size_t at = position + *invalid;
                CHECK(record.problem ==
                      fmt::format("invalid UTF-8 on line {} at byte column {} (0x{:02X}); if the whole file is "
                                  "Windows-1252 (German Excel, SAP), set 'encoding: windows-1252' under 'input:' or "
                                  "pass --encoding windows-1252",
                                  line_at(bytes, at), column_at(bytes, at), static_cast<unsigned char>(bytes[at])));
            }
            position += record.raw.size();
        }
        while (position < bytes.size() && (bytes[position] == '\r' || bytes[position] == '\n')) ++position;
        CHECK(position == bytes.size());
    }
}
}
