#include "output/xlsx_writer.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "kamscore/error.hpp"
#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;

namespace {

/// The workbook as written to a temporary file, and one of its parts read back with unzip
/// (an empty string when unzip is not installed).
class WrittenWorkbook {
public:
    WrittenWorkbook(const OutputTable& table, std::uint32_t rows_per_sheet, WriteOptions options = {}) {
        char pattern[] = "/tmp/kamscore-xlsx-test-XXXXXX";
        const int fd = mkstemp(pattern);
        REQUIRE(fd >= 0);
        path_ = pattern;
        std::FILE* out = fdopen(fd, "wb");
        XlsxWriter(std::move(options), rows_per_sheet).write(table, out);
        std::fclose(out);
    }
    ~WrittenWorkbook() { std::remove(path_.c_str()); }

    std::string bytes(std::size_t count) const {
        std::string data(count, '\0');
        std::FILE* in = std::fopen(path_.c_str(), "rb");
        data.resize(std::fread(data.data(), 1, count, in));
        std::fclose(in);
        return data;
    }
    std::string part(const std::string& name) const {
        const std::string command = "unzip -p '" + path_ + "' '" + name + "' 2>/dev/null";
        std::FILE* pipe = popen(command.c_str(), "r");
        if (pipe == nullptr) return {};
        std::string text;
        char buffer[4096];
        while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, got);
        pclose(pipe);
        return text;
    }

private:
    std::string path_;
};

bool has_unzip() { return std::system("command -v unzip >/dev/null 2>&1") == 0; }

}  // namespace

TEST_SUITE("output") {
TEST_CASE("xlsx writes a zip container") {
    TableBuilder builder;
    builder.text("id", {"A", "B"}).number("score", {91.256, 3}, 2);
    WrittenWorkbook workbook(builder.table(), XlsxWriter::max_rows_per_sheet);
    CHECK(workbook.bytes(4) == std::string("PK\x03\x04", 4));
}

TEST_CASE("xlsx cells are typed: numbers, booleans and dates are no text") {
    if (!has_unzip()) return;   // the container itself is checked above
    TableBuilder builder;
    builder.text("id", {"A"})
        .number("score", {91.256}, 2)
        .boolean("agreement", {bool_true})
        .date("since", {20088})
        .text("formula", {"=1+1"});
    WrittenWorkbook workbook(builder.table(), XlsxWriter::max_rows_per_sheet);
    const std::string sheet = workbook.part("xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<c r=\"B2\" s=\"2\"><v>91.256</v></c>") != std::string::npos);
    CHECK(sheet.find("<c r=\"C2\" t=\"b\"><v>1</v></c>") != std::string::npos);
    CHECK(sheet.find("<v>45657</v>") != std::string::npos);   // 2024-12-31 as Excel's serial
    CHECK(sheet.find("<f>") == std::string::npos);            // "=1+1" stays text
    CHECK(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\"") != std::string::npos);
    CHECK(sheet.find("<autoFilter ref=\"A1:E2\"/>") != std::string::npos);
}

TEST_CASE("xlsx continues on further sheets past a sheet's row limit, each with a header") {
    if (!has_unzip()) return;
    TableBuilder builder;
    builder.text("id", {"A", "B", "C", "D", "E"}).text("tier", {"x", "y", "x", "x", "y"});
    WrittenWorkbook workbook(builder.table(), 3);   // 2 customers a sheet
    const std::string book = workbook.part("xl/workbook.xml");
    CHECK(book.find("name=\"Customers\"") != std::string::npos);
    CHECK(book.find("name=\"Customers 2\"") != std::string::npos);
    CHECK(book.find("name=\"Customers 3\"") != std::string::npos);
    CHECK(book.find("name=\"Customers 4\"") == std::string::npos);
    const std::string third = workbook.part("xl/worksheets/sheet3.xml");
    CHECK(third.find("<t>id</t>") != std::string::npos);
    CHECK(third.find("<t>E</t>") != std::string::npos);
    CHECK(third.find("<autoFilter ref=\"A1:B2\"/>") != std::string::npos);
}

TEST_CASE("xlsx captions make a second header row that carries the names and the filter") {
    if (!has_unzip()) return;
    TableBuilder builder;
    builder.text("id", {"A", "B"}).number("revenue_score", {12.5, 40}, 2);
    OutputTable table = builder.table();
    table.columns[1].caption = "Revenue";
    WrittenWorkbook workbook(table, 3);   // 3 rows a sheet: two header rows and one customer
    const std::string sheet = workbook.part("xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<t>Revenue</t>") != std::string::npos);
    CHECK(sheet.find("<t>revenue_score</t>") > sheet.find("<t>Revenue</t>"));
    CHECK(sheet.find("<c r=\"A1\"") < sheet.find("<t>id</t>"));   // no caption: the name twice
    CHECK(sheet.find("<pane ySplit=\"2\" topLeftCell=\"A3\"") != std::string::npos);
    CHECK(sheet.find("<autoFilter ref=\"A2:B3\"/>") != std::string::npos);
    CHECK(sheet.find("<v>12.5</v>") != std::string::npos);
    const std::string second = workbook.part("xl/worksheets/sheet2.xml");
    CHECK(second.find("<t>Revenue</t>") != std::string::npos);
    CHECK(second.find("<v>40</v>") != std::string::npos);
}

TEST_CASE("xlsx writes the caller's further sheets after the customers, cell by cell") {
    if (!has_unzip()) return;
    TableBuilder builder;
    builder.text("id", {"A"});
    WriteOptions options;
    Sheet funnel{"Funnel", {30, 12}, {}};
    funnel.rows.push_back({SheetCell::of_text("step", SheetCell::Style::Header), SheetCell::of_text("customers")});
    funnel.rows.push_back({SheetCell::of_text("all"), SheetCell::of_number(2997, SheetCell::Style::Whole)});
    funnel.rows.push_back({SheetCell(), SheetCell::of_number(0.25, SheetCell::Style::Percent),
                           SheetCell::of_number(missing_number)});
    options.sheets.push_back(funnel);
    options.sheets.push_back(Sheet{"Rules", {}, {{SheetCell::of_text("sha256")}}});
    WrittenWorkbook workbook(builder.table(), XlsxWriter::max_rows_per_sheet, options);
    const std::string book = workbook.part("xl/workbook.xml");
    const auto customers = book.find("name=\"Customers\""), funnel_at = book.find("name=\"Funnel\""),
               rules = book.find("name=\"Rules\"");
    REQUIRE(rules != std::string::npos);
    CHECK(customers < funnel_at);
    CHECK(funnel_at < rules);
    const std::string sheet = workbook.part("xl/worksheets/sheet2.xml");
    CHECK(sheet.find("<t>step</t>") != std::string::npos);
    CHECK(sheet.find("<v>2997</v>") != std::string::npos);
    CHECK(sheet.find("<v>0.25</v>") != std::string::npos);
    CHECK(sheet.find("r=\"C3\"") == std::string::npos);   // a missing number is no cell
    CHECK(workbook.part("xl/worksheets/sheet3.xml").find("<t>sha256</t>") != std::string::npos);
}

TEST_CASE("xlsx refuses a further sheet whose name excel would refuse") {
    TableBuilder builder;
    builder.text("id", {"A"});
    WriteOptions options;
    options.sheets.push_back(Sheet{"Customers", {}, {}});   // taken by the customers
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink != nullptr);
    CHECK_THROWS_AS(XlsxWriter(options).write(builder.table(), sink), std::invalid_argument);
    options.sheets.back().name = "a/b";
    CHECK_THROWS_AS(XlsxWriter(options).write(builder.table(), sink), std::invalid_argument);
    std::fclose(sink);
}

TEST_CASE("xlsx to a terminal is refused") {
    std::FILE* terminal = std::fopen("/dev/tty", "wb");
    if (terminal == nullptr) return;   // no terminal in this test run
    TableBuilder builder;
    builder.text("id", {"A"});
    CHECK_THROWS_AS(XlsxWriter({}).write(builder.table(), terminal), Error);
    std::fclose(terminal);
}

TEST_CASE("xlsx repairs bytes that are not utf-8 and cuts text at excel's cell limit") {
    if (!has_unzip()) return;
    const std::string long_text(40000, 'a');
    TableBuilder builder;
    builder.text("name", {"M\xFCller", long_text});
    WrittenWorkbook workbook(builder.table(), XlsxWriter::max_rows_per_sheet);
    const std::string sheet = workbook.part("xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<t>M\xEF\xBF\xBDller</t>") != std::string::npos);
    CHECK(sheet.find("<t>" + std::string(32767, 'a') + "</t>") != std::string::npos);
}

TEST_CASE("xlsx that cannot be written out is an I/O error") {
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    TableBuilder builder;
    builder.text("id", {"A"});
    CHECK_THROWS_WITH_AS(XlsxWriter({}).write(builder.table(), full),
                         "cannot write output: No space left on device", Error);
    std::fclose(full);
}
TEST_CASE("xlsx takes its creation time from the options, so that two runs write the same bytes") {
    if (!has_unzip()) return;
    TableBuilder builder;
    builder.text("id", {"A"}).number("score", {1.5});
    WriteOptions options;
    options.created = 1735603200;   // 2024-12-31T00:00:00Z
    const WrittenWorkbook first(builder.table(), XlsxWriter::max_rows_per_sheet, options);
    const std::string core = first.part("docProps/core.xml");
    CHECK(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-12-31T00:00:00Z</dcterms:created>") !=
          std::string::npos);
    CHECK(core.find("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-12-31T00:00:00Z</dcterms:modified>") !=
          std::string::npos);
    sleep(1);   // a clock's time would now differ
    const WrittenWorkbook second(builder.table(), XlsxWriter::max_rows_per_sheet, options);
    CHECK(first.bytes(1 << 20) == second.bytes(1 << 20));
}
}
