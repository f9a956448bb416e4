#include "kamscore/io/result_file.hpp"

#include <doctest/doctest.h>

#include <string>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

ResultFile read(const std::string& text, const std::vector<ResultColumnRequest>& wanted) {
    return read_result_file(string_byte_source(text), "old.csv", wanted);
}

std::string cell(const ResultFile& file, std::size_t column, std::size_t row) {
    std::string_view view = file.columns[column][row];
    return view.data() ? std::string(view) : std::string("<missing>");
}

std::string error_of(const std::string& text, const std::vector<ResultColumnRequest>& wanted) {
    try {
        read(text, wanted);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        return located_message(error);
    }
    return "no error";
}

const std::vector<ResultColumnRequest> id_and_tier{{"", true}, {"tier", true}, {"score", false}};

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a CSV result gives the first column, named columns and missing optional ones") {
    ResultFile file = read("customer_id,name,tier,score\nA,Alpha,key_account,81.5\nB,Beta,standard,\n", id_and_tier);
    CHECK(file.rows == 2);
    CHECK(file.names == std::vector<std::string>{"customer_id", "tier", "score"});
    CHECK(cell(file, 0, 1) == "B");
    CHECK(cell(file, 1, 0) == "key_account");
    CHECK(cell(file, 2, 0) == "81.5");
    CHECK(cell(file, 2, 1) == "<missing>");
    CHECK(file.lines == std::vector<std::uint64_t>{2, 3});
}

TEST_CASE("a TSV result is read by its detected delimiter and names match ignoring case") {
    ResultFile file = read("Customer_ID\tTIER\nA\tstandard\n", {{"customer_id", true}, {"tier", true}});
    CHECK(file.names == std::vector<std::string>{"Customer_ID", "TIER"});
    CHECK(cell(file, 1, 0) == "standard");
}

TEST_CASE("an absent optional column gives missing cells and an absent required one is an error") {
    ResultFile file = read("id,tier\nA,standard\n", id_and_tier);
    CHECK(file.names[2].empty());
    CHECK(cell(file, 2, 0) == "<missing>");
    CHECK(error_of("id,score\nA,1\n", id_and_tier) ==
          "old.csv has no column 'tier' (expected a kamscore result file); its columns: 'id', 'score'");
}

TEST_CASE("cells neutralised for spreadsheets are read without the added quote") {
    ResultFile file = read("id,tier\n'=A,standard\n'x,standard\n", id_and_tier);
    CHECK(cell(file, 0, 0) == "=A");
    CHECK(cell(file, 0, 1) == "'x");
}

TEST_CASE("a JSON array of objects is read with nested keys flattened") {
    ResultFile file = read(R"([
{"customer_id":"A","tier":"key_account","score":81.50,"metrics":{"revenue":{"score":100.00}}},
{"customer_id":"B","tier":"standard","score":null,"list":[1,[2,{"x":3}]]}
])",
                           {{"", true}, {"tier", true}, {"score", false}, {"metrics.revenue.score", false}});
    CHECK(file.rows == 2);
    CHECK(file.names[0] == "customer_id");
    CHECK(cell(file, 0, 1) == "B");
    CHECK(cell(file, 2, 0) == "81.50");
    CHECK(cell(file, 2, 1) == "<missing>");
    CHECK(cell(file, 3, 0) == "100.00");
    CHECK(file.lines == std::vector<std::uint64_t>{2, 3});
}

TEST_CASE("JSON Lines with a byte-order mark, escapes and an empty line are read") {
    ResultFile file = read("\xEF\xBB\xBF{\"id\":\"\\u00c4\\ud83d\\ude00\",\"tier\":\"a\\\"b\"}\n\n{\"id\":\"B\",\"tier\":true}\n",
                           {{"", true}, {"tier", true}});
    CHECK(file.rows == 2);
    CHECK(cell(file, 0, 0) == "\xC3\x84\xF0\x9F\x98\x80");
    CHECK(cell(file, 1, 0) == "a\"b");
    CHECK(cell(file, 1, 1) == "true");
}

TEST_CASE("malformed JSON is an error naming the line and what was expected") {
    CHECK(error_of("[{\"id\":\"A\",\"tier\":\"x\"},\n{\"id\":\"B\" \"tier\":1}]", id_and_tier) ==
          "old.csv:2: expected ',' or '}' in an object in JSON, found '\"'");
    CHECK(error_of("[{\"id\":\"A\",\"tier\":\"x\"}", id_and_tier) ==
          "old.csv:1: expected ',' or ']' between the objects of the array in JSON, found the end of the file");
    CHECK(error_of("[1]", id_and_tier) == "old.csv:1: expected an object ({...}) for each row in JSON, found '1'");
    CHECK(error_of("{\"id\":1.2.3}", id_and_tier) == "old.csv:1: '1.2.3' is not a JSON number");
    CHECK(error_of("[]]", id_and_tier) == "old.csv:1: expected the end of the file after the closing ']' in JSON, found ']'");
    CHECK(error_of(std::string(100, '[') + std::string(100, ']'), id_and_tier) ==
          "old.csv:1: expected an object ({...}) for each row in JSON, found '['");
    std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
    CHECK(error_of(deep, id_and_tier) == "old.csv:1: JSON nested more than 64 levels deep");
}

TEST_CASE("an empty JSON array has no rows") {
    ResultFile file = read("  [ ]  ", id_and_tier);
    CHECK(file.rows == 0);
}
}
