#include "io/excel_values.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("io") {
TEST_CASE("number cells become the shortest text that reads back as the same double") {
    CHECK(canonical_number("1234.5") == "1234.5");
    CHECK(canonical_number("1234.50000000000001") == "1234.5");
    CHECK(canonical_number("0.30000000000000004") == "0.30000000000000004");
    CHECK(canonical_number("42") == "42");
    CHECK(canonical_number("4.2E1") == "42");
    CHECK(canonical_number("-0") == "0");
    CHECK(canonical_number("1E+21") == "1e+21");
    CHECK(canonical_number("not a number") == "not a number");
}

TEST_CASE("built-in number formats: dates, times and numbers") {
    CHECK(classify_number_format(14, "") == NumberStyle::Date);
    CHECK(classify_number_format(22, "") == NumberStyle::Date);
    CHECK(classify_number_format(18, "") == NumberStyle::Time);
    CHECK(classify_number_format(46, "") == NumberStyle::Time);
    CHECK(classify_number_format(0, "") == NumberStyle::Number);
    CHECK(classify_number_format(4, "") == NumberStyle::Number);
    CHECK(classify_number_format(49, "") == NumberStyle::Number);   // @: text
}

TEST_CASE("custom number formats are dates when they show a day, month or year") {
    CHECK(classify_number_format(164, "dd.mm.yyyy") == NumberStyle::Date);
    CHECK(classify_number_format(164, "yyyy\\-mm\\-dd") == NumberStyle::Date);
    CHECK(classify_number_format(164, "[$-407]dd/mm/yyyy;@") == NumberStyle::Date);
    CHECK(classify_number_format(164, "mmm yy") == NumberStyle::Date);
    CHECK(classify_number_format(164, "yyyy-mm-dd hh:mm:ss") == NumberStyle::Date);
    CHECK(classify_number_format(164, "h:mm AM/PM") == NumberStyle::Time);
    CHECK(classify_number_format(164, "[h]:mm") == NumberStyle::Time);
    CHECK(classify_number_format(164, "mm:ss") == NumberStyle::Time);
    CHECK(classify_number_format(164, "#,##0.00 \"days\"") == NumberStyle::Number);
    CHECK(classify_number_format(164, "[Red]-#,##0.00") == NumberStyle::Number);
    CHECK(classify_number_format(164, "0.00E+00") == NumberStyle::Number);
    CHECK(classify_number_format(164, "General") == NumberStyle::Number);   // LibreOffice's default
    CHECK(classify_number_format(165, "Standard") == NumberStyle::Number);
    CHECK(classify_number_format(166, "@") == NumberStyle::Number);
    CHECK(classify_number_format(164, "\"TRUE\";\"TRUE\";\"FALSE\"") == NumberStyle::Number);
}

TEST_CASE("serials in the 1900 system, with Excel's phantom 1900-02-29") {
    CHECK(serial_date_text("1", false, NumberStyle::Date) == "1900-01-01");
    CHECK(serial_date_text("59", false, NumberStyle::Date) == "1900-02-28");
    CHECK(serial_date_text("60", false, NumberStyle::Date) == "1900-02-29");
    CHECK(serial_date_text("61", false, NumberStyle::Date) == "1900-03-01");
    CHECK(serial_date_text("45657", false, NumberStyle::Date) == "2024-12-31");
    CHECK(serial_date_text("45657.5625", false, NumberStyle::Date) == "2024-12-31 13:30:00");
    CHECK(serial_date_text("2958465", false, NumberStyle::Date) == "9999-12-31");
    CHECK(serial_date_text("2958466", false, NumberStyle::Date) == "2958466");
    CHECK(serial_date_text("-1", false, NumberStyle::Date) == "-1");
    CHECK(serial_date_text("0", false, NumberStyle::Date) == "0");
}

TEST_CASE("serials in the 1904 system") {
    CHECK(serial_date_text("0", true, NumberStyle::Date) == "1904-01-01");
    CHECK(serial_date_text("44195", true, NumberStyle::Date) == "2024-12-31");
}

TEST_CASE("times of day, and a time that rounds to the next day") {
    CHECK(serial_date_text("0.28125", false, NumberStyle::Time) == "06:45:00");
    CHECK(serial_date_text("0.99998", false, NumberStyle::Time) == "23:59:58");
    CHECK(serial_date_text("0.999999", false, NumberStyle::Time) == "1900-01-01");   // 24:00:00
    CHECK(serial_date_text("45657.9999999", false, NumberStyle::Date) == "2025-01-01");
    CHECK(serial_date_text("1.5", false, NumberStyle::Time) == "1900-01-01 12:00:00");
}

TEST_CASE("_xHHHH_ escapes of OOXML strings are decoded, others kept") {
    std::string text = "a_x000D_b_x00e4__xZZZZ_c_x";
    decode_ooxml_escapes(text);
    CHECK(text == "a\rb\xC3\xA4_xZZZZ_c_x");
    std::string surrogate = "_xD800_";
    decode_ooxml_escapes(surrogate);
    CHECK(surrogate == "_xD800_");
}
}
