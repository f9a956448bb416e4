#include "output/csv_writer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "kamscore/error.hpp"

#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;
using kamscore::test::write_to_string;

namespace {
constexpr double missing = missing_number;
}

TEST_SUITE("output") {
TEST_CASE("csv writes a header and typed cells, missing values empty") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2", "C3"})
        .text("name", {"Müller GmbH", std::nullopt, ""})
        .number("score", {91.256, missing, -0.0}, 2)
        .number("strategic", {2, 0, missing})
        .number("revenue", {1000000, 1234.5, std::numeric_limits<double>::infinity()})
        .boolean("agreement", {bool_true, bool_false, bool_missing})
        .date("since", {20088, missing, 0});
    CHECK(write_to_string(Format::Csv, builder.table()) ==
          "id,name,score,strategic,revenue,agreement,since\n"
          "A1,Müller GmbH,91.26,2,1000000,true,2024-12-31\n"
          "B2,,,0,1234.5,false,\n"
          "C3,,0.00,,,,1970-01-01\n");
}

TEST_CASE("csv quotes cells with separators, quotes, line breaks and edge spaces") {
    TableBuilder builder;
    builder.text("note", {"a,b", "say \"hi\"", "two\nlines", "cr\rhere", " lead", "trail ", "in side", "\"", "a;b"});
    CHECK(write_to_string(Format::Csv, builder.table()) ==
          "note\n"
          "\"a,b\"\n"
          "\"say \"\"hi\"\"\"\n"
          "\"two\nlines\"\n"
          "\"cr\rhere\"\n"
          "\" lead\"\n"
          "\"trail \"\n"
          "in side\n"
          "\"\"\"\"\n"
          "a;b\n");
}

TEST_CASE("header names are written like text cells") {
    TableBuilder builder;
    builder.number("score, total", {1}).number("=cmd", {2}).number("say \"x\"", {3});
    CHECK(write_to_string(Format::Csv, builder.table()) ==
          "\"score, total\",'=cmd,\"say \"\"x\"\"\"\n"
          "1,2,3\n");
}

TEST_CASE("text cells that look like formulas are neutralised, numbers never") {
    TableBuilder builder;
    builder.text("text", {"=SUM(A1)", "-1200.50", "+49 30 1234", "@cmd", "\tindent", "=1,2", "\nx", "a=b"})
        .number("number", {-5, 5, -0.5, 0, 0, 0, 0, 0});
    const std::string expected =
        "text,number\n"
        "'=SUM(A1),-5\n"
        "-1200.50,5\n"
        "'+49 30 1234,-0.5\n"
        "'@cmd,0\n"
        "'\tindent,0\n"
        "\"'=1,2\",0\n"
        "\"'\nx\",0\n"
        "a=b,0\n";
    CHECK(write_to_string(Format::Csv, builder.table()) == expected);

    WriteOptions raw;
    raw.raw = true;
    CHECK(write_to_string(Format::Csv, builder.table(), raw) ==
          "text,number\n"
          "=SUM(A1),-5\n"
          "-1200.50,5\n"
          "+49 30 1234,-0.5\n"
          "@cmd,0\n"
          "\tindent,0\n"
          "\"=1,2\",0\n"
          "\"\nx\",0\n"
          "a=b,0\n");
}

TEST_CASE("tsv uses tabs and quotes cells holding tabs") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2"})
        .text("note", {"a\tb", "a,b"})
        .number("score", {-1.5, 2}, 1);
    CHECK(write_to_string(Format::Tsv, builder.table()) ==
          "id\tnote\tscore\n"
          "A1\t\"a\tb\"\t-1.5\n"
          "B2\ta,b\t2.0\n");

    TableBuilder neutralised;
    neutralised.text("note", {"\tx"});
    CHECK(write_to_string(Format::Tsv, neutralised.table()) == "note\n\"'\tx\"\n");
}

TEST_CASE("csv writes only the listed rows, in their order, and only flat columns") {
    TableBuilder builder;
    builder.text("id", {"A", "B", "C", "D"})
        .number("points", {1, 2, 3, 4}).json_only()
        .number("score", {10, 20, 30, 40})
        .rows({2, 0, 3});
    CHECK(write_to_string(Format::Csv, builder.table()) ==
          "id,score\n"
          "C,30\n"
          "A,10\n"
          "D,40\n");
}

TEST_CASE("a table without rows is a header line") {
    TableBuilder builder;
    builder.text("id", {}).number("score", {});
    CHECK(write_to_string(Format::Csv, builder.table()) == "id,score\n");
}

TEST_CASE("output larger than the buffer arrives whole") {
    std::vector<std::optional<std::string_view>> ids;
    std::vector<double> scores;
    const std::string long_text(3000, 'x');
    for (int i = 0; i < 2000; ++i) {
        ids.emplace_back(long_text);
        scores.push_back(i);
    }
    TableBuilder builder;
    builder.text("id", ids).number("score", scores);
    const std::string csv = write_to_string(Format::Csv, builder.table());
    CHECK(csv.size() == 9 + 2000 * (3000 + 2) + (10 + 90 * 2 + 900 * 3 + 1000 * 4));
    CHECK(csv.substr(csv.size() - 6) == ",1999\n");
}

TEST_CASE("a row outside the columns is refused, not read") {
    TableBuilder builder;
    builder.text("id", {"A"}).rows({0, 1});
    CHECK_THROWS_AS(write_to_string(Format::Csv, builder.table()), std::invalid_argument);
}

TEST_CASE("a large table written with two threads equals the same rows written in pieces on one") {
    // 200,003 rows: the two-thread path, with a last chunk that is not full; the rows in a
    // shuffled order, as --sort gives them; cells that need quotes and formula guards.
    std::vector<std::string> notes;
    std::vector<std::optional<std::string_view>> note_cells, id_cells;
    std::vector<double> scores;
    std::vector<std::string> ids;
    const std::size_t rows = 200003;
    for (std::size_t row = 0; row < rows; ++row) {
        ids.push_back(std::to_string(row));
        ids.back().insert(0, 1, 'C');
        notes.push_back(row % 3 == 0 ? "a,\"b\"" : row % 3 == 1 ? "=SUM(A1)" : "plain");
        scores.push_back(row % 11 == 0 ? missing : static_cast<double>(row) / 7.0);
    }
    for (std::size_t row = 0; row < rows; ++row) {
        id_cells.emplace_back(ids[row]);
        note_cells.emplace_back(row % 13 == 0 ? std::nullopt : std::optional<std::string_view>(notes[row]));
    }
    TableBuilder builder;
    builder.text("id", id_cells).number("score", scores, 2).text("note", note_cells);
    std::vector<std::uint32_t> order;
    for (std::uint32_t row = 0; row < rows; ++row) order.push_back(static_cast<std::uint32_t>((row * 7919ull) % rows));
    builder.rows(order);
    const std::string whole = write_to_string(Format::Csv, builder.table());

    std::string pieces = "id,score,note\n";
    for (std::size_t first = 0; first < rows; first += 50000) {
        builder.rows({order.begin() + static_cast<std::ptrdiff_t>(first),
                      order.begin() + static_cast<std::ptrdiff_t>(std::min(rows, first + 50000))});
        const std::string piece = write_to_string(Format::Csv, builder.table());
        pieces += piece.substr(piece.find('\n') + 1);
    }
    CHECK(whole.size() == pieces.size());
    CHECK(whole == pieces);
}

TEST_CASE("a write error with two threads formatting stops both and reports it") {
    std::vector<double> values(300000, 1.5);
    TableBuilder builder;
    builder.number("x", values);
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    CHECK_THROWS_AS(make_writer(Format::Csv, {})->write(builder.table(), full), Error);
    std::fclose(full);
}
TEST_CASE("excel csv starts with a UTF-8 byte-order mark and ends every line with CRLF") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2"}).text("name", {"Großkunde", "two\nlines"}).number("score", {91.256, 7.5}, 2);
    WriteOptions options;
    options.excel = true;
    CHECK(write_to_string(Format::Csv, builder.table(), options) ==
          "\xEF\xBB\xBFid,name,score\r\n"
          "A1,Großkunde,91.26\r\n"
          "B2,\"two\nlines\",7.50\r\n");
}

TEST_CASE("decimal commas put ';' between cells and change only the point of numbers") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2"})
        .text("note", {"1.5; see 2.3", "=1+2"})
        .number("score", {91.256, -0.5}, 2)
        .number("revenue", {1234.5, 1000000})
        .date("since", {20088, 0});
    WriteOptions options;
    options.excel = true;
    options.decimal_mark = ',';
    CHECK(write_to_string(Format::Csv, builder.table(), options) ==
          "\xEF\xBB\xBFid;note;score;revenue;since\r\n"
          "A1;\"1.5; see 2.3\";91,26;1234,5;2024-12-31\r\n"
          "B2;'=1+2;-0,50;1000000;1970-01-01\r\n");
}

TEST_CASE("excel style on the two-thread path ends every line with CRLF") {
    std::vector<double> values(70000, 2.25);
    TableBuilder builder;
    builder.number("x", values);
    WriteOptions options;
    options.excel = true;
    options.decimal_mark = ',';
    const std::string text = write_to_string(Format::Csv, builder.table(), options);
    std::string expected = "\xEF\xBB\xBFx\r\n";
    for (std::size_t i = 0; i < values.size(); ++i) expected += "2,25\r\n";
    CHECK(text == expected);
}
}
