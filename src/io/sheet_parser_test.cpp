#include "io/sheet_parser.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/xml_parser.hpp"

using namespace kamscore;

namespace {

struct Parsed {
    std::vector<SheetRow> rows;
    std::vector<MergedRange> merges;
};

/// Feeds `xml` in chunks of `chunk` bytes, taking every row.
Parsed parse(const std::string& xml, std::size_t chunk = 7, const std::vector<std::string>& strings = {},
             const std::vector<NumberStyle>& styles = {}, bool date1904 = false) {
    SheetContext context;
    context.shared_strings = &strings;
    context.styles = &styles;
    context.date1904 = date1904;
    context.max_row_bytes = 1000;
    SheetParser parser(context, "sheet1.xml", true);
    Parsed parsed;
    std::size_t at = 0;
    while (true) {
        const std::size_t size = std::min(chunk, xml.size() - at);
        parser.feed(xml.data() + at, size, size == 0);
        while (parser.has_row()) {
            parsed.rows.push_back(parser.row());
            parser.next();
        }
        if (size == 0) break;
        at += size;
    }
    parsed.merges = parser.merged_ranges();
    return parsed;
}

std::string sheet(const std::string& rows, const std::string& after = "") {
    return "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + rows +
           "</sheetData>" + after + "</worksheet>";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("cell references: letters to columns and back") {
    std::uint32_t column = 0;
    std::uint64_t row = 0;
    CHECK(parse_cell_reference("C7", column, row));
    CHECK(column == 2);
    CHECK(row == 7);
    CHECK(parse_cell_reference("XFD1048576", column, row));
    CHECK(column == 16383);
    CHECK_FALSE(parse_cell_reference("XFE1", column, row));
    CHECK_FALSE(parse_cell_reference("A0", column, row));
    CHECK_FALSE(parse_cell_reference("7", column, row));
    CHECK_FALSE(parse_cell_reference("AAAAA1", column, row));
    CHECK(column_letters(0) == "A");
    CHECK(column_letters(25) == "Z");
    CHECK(column_letters(26) == "AA");
    CHECK(column_letters(16383) == "XFD");
}

TEST_CASE("rows and cells without r follow the previous ones; skipped cells and rows stay skipped") {
    const Parsed parsed = parse(sheet("<row><c><v>1</v></c><c r=\"C1\"><v>3</v></c><c><v>4</v></c></row>"
                                      "<row r=\"5\"><c r=\"B5\"><v>2.50</v></c></row><row><c><v>x</v></c></row>"));
    REQUIRE(parsed.rows.size() == 3);
    CHECK(parsed.rows[0].number == 1);
    REQUIRE(parsed.rows[0].cells.size() == 3);
    CHECK(parsed.rows[0].cells[1].column == 2);
    CHECK(parsed.rows[0].cells[2].column == 3);
    CHECK(parsed.rows[0].cells[2].text == "4");
    CHECK(parsed.rows[1].number == 5);
    CHECK(parsed.rows[1].cells[0].text == "2.5");
    CHECK(parsed.rows[2].number == 6);
}

TEST_CASE("shared, inline and rich strings, booleans, errors, formula results") {
    const std::vector<std::string> strings{"zero", "one"};
    const Parsed parsed = parse(
        sheet("<row r=\"1\"><c t=\"s\"><v>1</v></c><c t=\"inlineStr\"><is><r><t>a</t></r><r><t xml:space=\"preserve\"> b"
              "</t></r><rPh><t>phonetic</t></rPh></is></c><c t=\"b\"><v>1</v></c><c t=\"b\"><v>0</v></c>"
              "<c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1</f><v>one</v></c><c t=\"inlineStr\"><is><t>x_x000D_y"
              "</t></is></c></row>"),
        3, strings);
    REQUIRE(parsed.rows.size() == 1);
    const auto& cells = parsed.rows[0].cells;
    REQUIRE(cells.size() == 6);
    CHECK(cells[0].text == "one");
    CHECK(cells[1].text == "a b");
    CHECK(cells[2].text == "TRUE");
    CHECK(cells[3].text == "FALSE");
    CHECK(cells[4].column == 5);   // the error cell is left out
    CHECK(cells[4].text == "one");
    CHECK(cells[5].text == "x\ry");
}

TEST_CASE("numbers with a date style become ISO dates, in either date system") {
    const std::vector<NumberStyle> styles{NumberStyle::Number, NumberStyle::Date, NumberStyle::Time};
    const std::string xml = sheet("<row><c s=\"1\"><v>45657</v></c><c s=\"2\"><v>0.5</v></c><c s=\"0\"><v>45657</v></c>"
                                  "<c s=\"9\"><v>1.0</v></c></row>");
    const Parsed parsed = parse(xml, 1000, {}, styles);
    REQUIRE(parsed.rows[0].cells.size() == 4);
    CHECK(parsed.rows[0].cells[0].text == "2024-12-31");
    CHECK(parsed.rows[0].cells[1].text == "12:00:00");
    CHECK(parsed.rows[0].cells[2].text == "45657");
    CHECK(parsed.rows[0].cells[3].text == "1");   // a style index beyond the table: a number
    CHECK(parse(xml, 1000, {}, styles, true).rows[0].cells[0].text == "2029-01-01");
}

TEST_CASE("a namespace prefix changes nothing, and merged ranges after the rows are collected") {
    const Parsed parsed = parse("<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                "<x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>v</x:t></x:is>"
                                "</x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref=\"B2:D2\"/>"
                                "<x:mergeCell ref=\"junk\"/></x:mergeCells></x:worksheet>");
    REQUIRE(parsed.rows.size() == 1);
    CHECK(parsed.rows[0].cells[0].column == 1);
    REQUIRE(parsed.merges.size() == 1);
    CHECK(parsed.merges[0].first_column == 1);
    CHECK(parsed.merges[0].last_column == 3);
    CHECK(parsed.merges[0].first_row == 2);
}

TEST_CASE("broken sheets: what is wrong, where") {
    auto message_of = [](const std::string& xml) -> std::string {
        try {
            parse(xml, 5, {"only"});
        } catch (const SheetError& error) {
            return error.message;
        } catch (const XmlError& error) {
            return "XML line " + std::to_string(error.line) + ": " + error.reason;
        }
        return "no error";
    };
    CHECK(message_of(sheet("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>4</v></c></row>")) ==
          "cell B3 refers to shared string \"4\", and the workbook has 1");
    CHECK(message_of(sheet("<row r=\"x\"/>")) == "row r=\"x\" is no row number");
    CHECK(message_of(sheet("<row><c r=\"A1A\"/></row>")) == "row 1: cell r=\"A1A\" is no cell reference");
    CHECK(message_of(sheet("<row><c><v>" + std::string(1001, '9') + "</v></c></row>")) ==
          "row 1 holds more than 1000 bytes of text");
    CHECK(message_of("<worksheet><sheetData><row></sheetData></worksheet>") == "XML line 1: mismatched tag");
    CHECK(message_of("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet>&a;</worksheet>") ==
          "XML line 1: it declares XML entities, which no workbook does");
}
}
