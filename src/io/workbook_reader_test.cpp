// The workbook reader on the fixtures of tests/xlsx/input/ (tests/xlsx/input/make_fixtures.sh
// made them with LibreOffice, openpyxl and hand-written parts).
#include "kamscore/io/record_reader.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

std::string fixture(const std::string& name) { return std::string(KAMSCORE_SOURCE_DIR) + "/tests/xlsx/input/" + name; }

struct Read {
    std::string name;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::uint64_t> lines;
    std::string raw;
};

Read read(const std::string& path, const WorkbookOptions& options = {}) {
    const auto reader = open_record_reader({path, path, nullptr, {}}, CsvDialect{}, options);
    Read read;
    read.name = reader->display_name();
    read.header = reader->header();
    read.raw = reader->header_raw();
    CsvRecord record;
    while (reader->next(record)) {
        read.rows.emplace_back(record.fields.begin(), record.fields.end());
        read.lines.push_back(record.line);
        read.raw += record.raw;
    }
    return read;
}

std::string error_of(const std::string& path, const WorkbookOptions& options = {}) {
    try {
        read(path, options);
    } catch (const Error& error) {
        return located_message(error);
    }
    return "no error";
}

using Row = std::vector<std::string>;

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a hand-written workbook: hidden first sheet, every kind of cell, rows without values skipped") {
    const Read book = read(fixture("handmade.xlsx"));
    CHECK(book.name == fixture("handmade.xlsx") + "!Kunden");
    CHECK(book.header == Row{"id", "name", "active", "amount", "since", "check"});
    REQUIRE(book.rows.size() == 4);
    CHECK(book.rows[0] == Row{"K-001", "M\xC3\xBCller & S\xC3\xB6hne", "TRUE", "1234.5", "2024-12-31", "K-001!"});
    CHECK(book.rows[1] == Row{"K-002", "line one\r\nline two", "FALSE", "", "1900-02-29", ""});
    CHECK(book.rows[2] == Row{"42", "", "", "0.1", "1900-03-01 18:00:00", ""});
    CHECK(book.rows[3] == Row{"K-006", "", "", "", "", "", "", "7"});   // more fields than the header
    CHECK(book.lines == std::vector<std::uint64_t>{2, 3, 5, 6});
    CHECK(book.raw == "id,name,active,amount,since,check\n"
                      "K-001,M\xC3\xBCller & S\xC3\xB6hne,TRUE,1234.5,2024-12-31,K-001!\n"
                      "K-002,\"line one\r\nline two\",FALSE,,1900-02-29,\n"
                      "42,,,0.1,1900-03-01 18:00:00,\n"
                      "K-006,,,,,,,7\n");
}

TEST_CASE("cells written out of column order land in their columns") {
    const Read book = read(fixture("handmade.xlsx") + "#Unordered");
    CHECK(book.header == Row{"a", "b", "c"});
    CHECK(book.rows == std::vector<Row>{{"1", "2", ""}});
}

TEST_CASE("a sheet by name (ignoring case), through the options or book.xlsx#Sheet") {
    CHECK(read(fixture("handmade.xlsx"), {"hiddensheet", 0, ""}).header == Row{"hidden"});
    const Read notes = read(fixture("merged-header.xlsx") + "#Notes");
    CHECK(notes.name == fixture("merged-header.xlsx") + "!Notes");
    CHECK(notes.rows == std::vector<Row>{{"nothing to score here"}});
    CHECK(error_of(fixture("merged-header.xlsx"), {"Kunden", 0, ""}) ==
          fixture("merged-header.xlsx") +
              ": the workbook has no sheet \"Kunden\"; its sheets: \"Accounts\", \"Notes\", \"Trailing\"");
}

TEST_CASE("a preferred sheet is read when the workbook has it, else the first") {
    CHECK(read(fixture("merged-header.xlsx"), {"", 0, "Notes"}).name == fixture("merged-header.xlsx") + "!Notes");
    CHECK(read(fixture("merged-header.xlsx"), {"", 0, "Customers"}).name ==
          fixture("merged-header.xlsx") + "!Accounts");
    CHECK(read(fixture("merged-header.xlsx"), {"Trailing", 0, "Notes"}).name ==
          fixture("merged-header.xlsx") + "!Trailing");
}

TEST_CASE("a header merged across columns names the covered ones; title rows above are skipped") {
    const Read book = read(fixture("merged-header.xlsx"));
    CHECK(book.header == Row{"id", "name", "revenue", "revenue (2)", "revenue (3)", "nps"});
    CHECK(book.lines == std::vector<std::uint64_t>{4, 5});
    const Read given = read(fixture("merged-header.xlsx"), {"", 3, ""});
    CHECK(given.header == Row{"id", "name", "revenue", "revenue (2)", "revenue (3)", "nps"});
    CHECK(given.rows == std::vector<Row>{{"K1", "Alpha GmbH", "100", "110", "120", "9"},
                                         {"K2", "Beta AG", "200.5", "", "220", ""}});
    CHECK(given.lines == std::vector<std::uint64_t>{4, 5});
    // The merged name is the header's last: the sheet's dimension shows the columns it covers.
    CHECK(read(fixture("merged-header.xlsx") + "#Trailing").header ==
          Row{"id", "revenue", "revenue (2)", "revenue (3)"});
    CHECK(error_of(fixture("merged-header.xlsx"), {"", 2, ""}) ==
          fixture("merged-header.xlsx") + "!Accounts: sheet row 2 (header_row) holds no values: expected the header "
                                          "there");
}

TEST_CASE("the 1904 date system: dates, date-times, times and numbers") {
    const Read book = read(fixture("dates-1904.xlsx"));
    CHECK(book.header == Row{"id", "when", "at", "clock", "amount"});
    CHECK(book.rows == std::vector<Row>{{"A1", "2024-12-31", "2024-02-29 13:30:15", "06:45:00", "1234.5"},
                                        {"A2", "1904-01-02", "2000-01-01", "00:00:01", "-0.25"}});
}

TEST_CASE("LibreOffice's and openpyxl's workbooks of the example export read as its CSV does") {
    std::ifstream csv_file(std::string(KAMSCORE_SOURCE_DIR) + "/examples/crm-export.csv");
    std::stringstream csv_text;
    csv_text << csv_file.rdbuf();
    const std::string bytes = csv_text.str();
    const auto csv = open_record_reader({"", "crm-export.csv", &bytes, {}}, CsvDialect{});
    for (const char* name : {"crm-export-libreoffice.xlsx", "crm-export-openpyxl.xlsx"}) {
        CAPTURE(name);
        const Read book = read(fixture(name));
        CHECK(book.header == csv->header());
        CHECK(book.rows.size() == 300);   // the openpyxl one has three formatted, empty rows more
    }
}

TEST_CASE("what is no readable workbook is named, with what to do") {
    CHECK(error_of(fixture("protected.xlsx")) ==
          fixture("protected.xlsx") + ": the workbook is protected with a password (encrypted); open it in Excel or "
                                      "LibreOffice, remove the password (File > Info > Protect Workbook, or save "
                                      "without one) and save it as .xlsx, or as CSV");
    CHECK(error_of(fixture("old.xls")) == fixture("old.xls") + ": it is an old Excel workbook (.xls), which kamscore "
                                                               "does not read; save it as .xlsx (Excel Workbook) or "
                                                               "as CSV (UTF-8)");
    CHECK(error_of(fixture("spreadsheet.ods")) ==
          fixture("spreadsheet.ods") + ": it is an OpenDocument spreadsheet (.ods), which kamscore does not read; "
                                       "save it as .xlsx (File > Save As > Excel 2007-365) or as CSV (UTF-8)");
    CHECK(error_of(fixture("not-a-workbook.xlsx")) ==
          fixture("not-a-workbook.xlsx") + ": it is a zip archive but no Excel workbook (it has no xl/workbook.xml); "
                                           "save the data as .xlsx or as CSV");
    CHECK(error_of(fixture("truncated.xlsx")).starts_with(fixture("truncated.xlsx") + ": cannot read the workbook: "));
    CHECK(error_of(fixture("missing.xlsx")) ==
          "cannot open '" + fixture("missing.xlsx") + "': No such file or directory");
}

TEST_CASE("workbook bytes in memory are read like the file") {
    std::ifstream file(fixture("dates-1904.xlsx"), std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    const std::string held = bytes.str();
    const auto reader = open_record_reader({"", "<stdin>", &held, {}}, CsvDialect{});
    CHECK(reader->format() == InputFormat::Workbook);
    CHECK(reader->display_name() == "<stdin>!Dates");
}
}
