#include "kamscore/io/csv_reader.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/csv_test_support.hpp"
#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

using namespace kamscore::test;

std::string error_of(std::string bytes, CsvDialect dialect = {}) {
    try {
        read_all(std::move(bytes), dialect);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        return located_message(error);
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

TEST_CASE("the reader tells whether the input ended with a line break, and where its last record starts") {
    const auto ending = [](std::string bytes) {
        CsvReader reader(string_byte_source(std::move(bytes)), "x.csv");
        CsvRecord record;
        while (reader.next(record)) {
        }
        return std::pair(reader.ended_with_line_break(), reader.last_record_line());
    };
    CHECK(ending("a,b\n1,2\n3,44191.35\n") == std::pair(true, std::uint64_t{3}));
    CHECK(ending("a,b\n1,2\n3,44") == std::pair(false, std::uint64_t{3}));
    CHECK(ending("a,b\r\n1,2\r\n") == std::pair(true, std::uint64_t{2}));
    CHECK(ending("a,b\n1,2\r") == std::pair(true, std::uint64_t{2}));
    CHECK(ending("a,b\n1,2\n\n\n") == std::pair(true, std::uint64_t{2}));   // blank lines after it
    CHECK(ending("a,b\n1,\"x\ny\"") == std::pair(false, std::uint64_t{2}));
    CHECK(ending("a,b") == std::pair(false, std::uint64_t{1}));   // only a header, cut off
    CHECK(ending("a,b\n") == std::pair(true, std::uint64_t{1}));
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
          "x.csv:3: a record is larger than 64 bytes (the limit, see --max-record-size): is a quote left open? "
          "the quoted field opened on line 3 has not closed");
    CHECK(error_of("a,b\n1,2\n\n" + big + "\n", dialect) ==
          "x.csv:4: a record is larger than 64 bytes (the limit, see --max-record-size): is a quote left open, or is the file not CSV?");
    CHECK(error_of(big + "\n", dialect).starts_with("x.csv:1: a record is larger than 64 bytes"));
    dialect.max_record_bytes = 4;
    CHECK_NOTHROW(read_all("a,b\n1,2\n", dialect));
    {
        BufferSize small(4);
        CHECK(error_of("a,b\n1,2\n12345\n", dialect).starts_with("x.csv:3: a record is larger than 4 bytes"));
    }
    dialect.max_record_bytes = 1024;
    CHECK(error_of("a,b\n" + std::string(2000, 'z') + "\n", dialect).starts_with("x.csv:2: a record is larger than 1 KiB (the limit, see --max-record-size)"));
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

TEST_CASE("a given delimiter is used, and the one detection would pick is known beside it") {
    CsvDialect given;
    given.delimiter = ',';
    CsvReader wrong(string_byte_source("Kunde;Name;Umsatz\nA;B;1,5\n"), "x.csv", given);
    CHECK(wrong.delimiter() == ',');
    CHECK(wrong.header() == Fields{"Kunde;Name;Umsatz"});
    CHECK(wrong.fitting_delimiter() == ';');
    CHECK(wrong.fitting_header_fields() == 3);
    CsvReader single(string_byte_source("Kunde\nA\n"), "x.csv", given);
    CHECK(single.fitting_delimiter() == ',');
    CHECK(single.fitting_header_fields() == 1);
}

TEST_CASE("the delimiter is not fooled by ';'-separated values in a ',' file") {
    // HubSpot and Salesforce write multi-select values as "a;b;c", often unquoted.
    const std::string text =
        "id,name,segments;regions\n"
        "1,Acme,DACH;Nordics;UK\n"
        "2,Bolt,DACH\n"
        "3,Corex,UK;US\n";
    CHECK(detect_delimiter(text) == ',');
    CHECK(read_all(text).delimiter == ',');
    CHECK(read_all(text).header == Fields{"id", "name", "segments;regions"});
    // A ';' file with decimal commas: ',' never splits the header consistently.
    CHECK(detect_delimiter("Kunde;Umsatz;Marge\nA;1,5;2,25\nB;3,0;1\n") == ';');
    // Pipes in a tab file's cells.
    CHECK(detect_delimiter("a\tb|c\tname\n1\tx|y|z\tn\n2\tq\tm\n") == '\t');
    // Quoted delimiters do not count, for any candidate.
    CHECK(detect_delimiter("\"a;b\";\"c,d,e\"\n\"1;2\";\"3,4\"\n") == ';');
}

TEST_CASE("detect_delimiter on a sample cut short ignores the incomplete last record") {
    CHECK(detect_delimiter("a;b;c,d\n1;2;3,4\n5,6", false) == ';');
    CHECK(detect_delimiter("a;b;c,d\n1;2;3,4\n5,6", true) == ',');
}

TEST_CASE("detect_delimiter counts outside quotes and breaks ties in a fixed order") {
    CHECK(detect_delimiter("a,b;c") == ',');
    CHECK(detect_delimiter("a;b;c,d") == ';');
    CHECK(detect_delimiter("a\tb|c") == '\t');
    CHECK(detect_delimiter("\"a;b;c\",d") == ',');
    CHECK(detect_delimiter("name") == ',');
    CHECK(detect_delimiter("a;b\nc,d,e,f") == ';');
}

TEST_CASE("UTF-16 input with a byte-order mark is read as UTF-8") {
    const std::string little("\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\xFC\0\r\0\n\0", 22);
    const auto result = read_all(little);
    CHECK(result.header == Fields{"a", "b"});
    CHECK(result.delimiter == '\t');
    REQUIRE(result.records.size() == 1);
    CHECK(result.records[0].fields == Fields{"1", "\xC3\xBC"});
    CHECK(result.records[0].raw == "1\t\xC3\xBC\r\n");
    CsvReader reader(string_byte_source(little), "x.csv");
    CHECK(std::string(reader.encoding()) == "UTF-16 LE");
    CHECK(reader.is_converted());
    CHECK(reader.has_byte_order_mark());
    CHECK(reader.header_raw() == "a\tb\r\n");
}

TEST_CASE("UTF-32 and binary inputs are refused naming what they are") {
    CHECK(error_of(std::string("\xFF\xFE\0\0a\0\0\0", 8)) ==
          "'x.csv' is UTF-32 LE encoded: save it as UTF-8 CSV, "
          "or convert it with iconv -f UTF-32 -t UTF-8");
    CHECK(error_of(std::string("PK\x03\x04\x14\0\x06\0", 8) + "[Content_Types].xml") ==
          "'x.csv' is not a CSV text file: it looks like an Excel workbook (.xlsx); "
          "save it as CSV (UTF-8) first");
}

TEST_CASE("invalid UTF-8 is an error naming the line, the byte column and the byte offset") {
    const std::string hint = ": the file is probably Windows-1252 (German Excel, SAP); add 'encoding: windows-1252' "
                             "under 'input:' or pass --encoding windows-1252";
    CHECK(error_of("id,name\n1,ok\n2,M\xFCller\n") == "x.csv:3:4: invalid UTF-8 at byte offset 16 (0xFC)" + hint);
    CHECK(error_of("id,name\n\n\r\n1,\"two\r\nlines\"\r3,\xE4\n") ==
          "x.csv:6:3: invalid UTF-8 at byte offset 28 (0xE4)" + hint);
    CHECK(error_of("Gr\xF6\xDF" "e,b\n") == "x.csv:1:3: invalid UTF-8 at byte offset 2 (0xF6)" + hint);
    // Wherever the read buffer happens to end, the line and column are the same.
    const std::string text = "a,b\r\n1,2\r\n3,\"x\ny\"\r\n" + std::string(30, 'z') + ",\xE9t\xE9\r\n";
    const std::string expected = "x.csv:5:32: invalid UTF-8 at byte offset 50 (0xE9)" + hint;
    for (std::size_t size = 4; size <= text.size() + 1; ++size) {
        CAPTURE(size);
        BufferSize small(size);
        CHECK(error_of(text) == expected);
    }
    // Reading the customers, the error also says that --skip-bad-rows leaves such rows out.
    CsvDialect customers;
    customers.invalid_utf8 = InvalidUtf8::StopSuggestingSkip;
    CHECK(error_of("id,name\n1,M\xFCller\n", customers) ==
          "x.csv:2:4: invalid UTF-8 at byte offset 11 (0xFC)" + hint +
              "; or, if only some rows are broken, leave them out with --skip-bad-rows (--rejects FILE keeps them)");
    // Not when the bad byte is in the header: skipping rows would not help.
    CHECK(error_of("id,N\xE4me\n1,x\n", customers) == "x.csv:1:5: invalid UTF-8 at byte offset 4 (0xE4)" + hint);
}

TEST_CASE("with InvalidUtf8::BadRecord a record with invalid UTF-8 has a problem and reading goes on") {
    CsvDialect dialect;
    dialect.invalid_utf8 = InvalidUtf8::BadRecord;
    const std::string advice = "; if the whole file is Windows-1252 (German Excel, SAP), set 'encoding: "
                               "windows-1252' under 'input:' or pass --encoding windows-1252";
    const std::string text = "id,name\n1,ok\n2,M\xFCller\n3,\"two\nl\xE4ines\"\n4,fine\n5,cut \xE2\x82";
    for (std::size_t size : {std::size_t{0}, std::size_t{4}, std::size_t{5}, std::size_t{9}}) {
        CAPTURE(size);
        BufferSize small(size);
        const ReadResult result = read_all(text, dialect);
        REQUIRE(result.records.size() == 5);
        CHECK(result.records[0].problem.empty());
        CHECK(result.records[1].problem == "invalid UTF-8 on line 3 at byte column 4 (0xFC)" + advice);
        CHECK(result.records[1].raw == "2,M\xFCller\n");   // the file's own bytes, for the rejects file
        CHECK(result.records[2].problem == "invalid UTF-8 on line 5 at byte column 2 (0xE4)" + advice);
        CHECK(result.records[3].problem.empty());
        CHECK(result.records[3].fields == Fields{"4", "fine"});
        CHECK(result.records[4].problem == "invalid UTF-8 on line 7 at byte column 7 (0xE2)" + advice);
    }
    // The header's invalid bytes are still an error: no row can be read without its names.
    CHECK(error_of("id,N\xE4me\n1,x\n", dialect) ==
          "x.csv:1:5: invalid UTF-8 in the header at byte offset 4 (0xE4): the file is probably Windows-1252 (German Excel, SAP); add "
          "'encoding: windows-1252' under 'input:' or pass --encoding windows-1252");
}

TEST_CASE("a declared Windows-1252 file is read as UTF-8 text") {
    CsvDialect dialect;
    dialect.encoding = TextEncoding::Windows1252;
    const auto result = read_all("Kunde;Umsatz\r\nM\xFCller;12.345,67-\r\n", dialect);
    CHECK(result.header == Fields{"Kunde", "Umsatz"});
    REQUIRE(result.records.size() == 1);
    CHECK(result.records[0].fields == Fields{"M\xC3\xBCller", "12.345,67-"});
}

TEST_CASE("an input without a header line is an error") {
    const std::string message = "'x.csv' is empty: expected a header line";
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
}
