#include "kamscore/output/json_writer.hpp"

#include <doctest/doctest.h>

#include <limits>

#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;
using kamscore::test::write_to_string;

namespace {
constexpr double missing = missing_number;
constexpr double inf = std::numeric_limits<double>::infinity();
}

TEST_SUITE("output") {
TEST_CASE("json is an array of objects with typed values and null for missing") {
    TableBuilder builder;
    builder.text("id", {"A1", "B2"})
        .text("name", {"Müller", std::nullopt})
        .number("score", {91.256, missing}, 2)
        .number("revenue", {1000000, -inf})
        .boolean("agreement", {bool_true, bool_missing})
        .date("since", {20088, missing});
    CHECK(write_to_string(Format::Json, builder.table()) ==
          "[\n"
          "{\"id\":\"A1\",\"name\":\"Müller\",\"score\":91.26,\"revenue\":1000000,\"agreement\":true,\"since\":\"2024-12-31\"},\n"
          "{\"id\":\"B2\",\"name\":null,\"score\":null,\"revenue\":null,\"agreement\":null,\"since\":null}\n"
          "]\n");
}

TEST_CASE("jsonl writes one object per line and no array") {
    TableBuilder builder;
    builder.text("id", {"A", "B", "C"}).boolean("ok", {bool_false, bool_true, bool_false}).rows({2, 0});
    CHECK(write_to_string(Format::Jsonl, builder.table()) ==
          "{\"id\":\"C\",\"ok\":false}\n"
          "{\"id\":\"A\",\"ok\":false}\n");
}

TEST_CASE("json without rows is an empty array, jsonl is empty") {
    TableBuilder builder;
    builder.text("id", {});
    CHECK(write_to_string(Format::Json, builder.table()) == "[]\n");
    CHECK(write_to_string(Format::Jsonl, builder.table()).empty());
}

TEST_CASE("json strings are escaped, utf-8 passes through") {
    TableBuilder builder;
    builder.text("note", {"say \"hi\"\\ \n\t\r\b\f \x01\x1f 東京 =SUM(A1)"});
    CHECK(write_to_string(Format::Jsonl, builder.table()) ==
          "{\"note\":\"say \\\"hi\\\"\\\\ \\n\\t\\r\\b\\f \\u0001\\u001f 東京 =SUM(A1)\"}\n");
}

TEST_CASE("json keys are escaped too") {
    TableBuilder builder;
    builder.number("a\"b", {1}).number("x", {2}, -1, {"m\\n", "k\n"});
    CHECK(write_to_string(Format::Jsonl, builder.table()) == "{\"a\\\"b\":1,\"m\\\\n\":{\"k\\n\":2}}\n");
}

TEST_CASE("json paths nest columns into shared objects, json-only columns included") {
    TableBuilder builder;
    builder.text("id", {"A"})
        .number("score", {87.5}, 2)
        .number("revenue", {70}, 2, {"metrics", "revenue", "scaled"})
        .number("revenue_raw", {1200000}, -1, {"metrics", "revenue", "raw"}).json_only()
        .number("revenue_points", {28}, 2, {"metrics", "revenue", "points"}).json_only()
        .number("margin", {50}, 2, {"metrics", "margin", "scaled"})
        .boolean("lighthouse", {bool_true}).json_only();
    CHECK(write_to_string(Format::Jsonl, builder.table()) ==
          "{\"id\":\"A\",\"score\":87.50,"
          "\"metrics\":{\"revenue\":{\"scaled\":70.00,\"raw\":1200000,\"points\":28.00},\"margin\":{\"scaled\":50.00}},"
          "\"lighthouse\":true}\n");
}

TEST_CASE("columns sharing a prefix join one object even when not adjacent") {
    TableBuilder builder;
    builder.number("a", {1}, -1, {"metrics", "revenue", "raw"})
        .text("id", {"A"})
        .number("b", {2}, -1, {"metrics", "margin"})
        .number("c", {3}, -1, {"metrics", "revenue", "points"});
    CHECK(write_to_string(Format::Jsonl, builder.table()) ==
          "{\"metrics\":{\"revenue\":{\"raw\":1,\"points\":3},\"margin\":2},\"id\":\"A\"}\n");
}

TEST_CASE("clashing json keys get a suffix instead of a duplicate key") {
    TableBuilder builder;
    builder.number("score", {1})
        .number("score", {2})
        .number("m1", {3}, -1, {"score", "x"})
        .number("m2", {4}, -1, {"score", "y"});
    CHECK(write_to_string(Format::Jsonl, builder.table()) ==
          "{\"score\":1,\"score_2\":2,\"score_3\":{\"x\":3,\"y\":4}}\n");
}

TEST_CASE("the json plan is text around the values, built once") {
    TableBuilder builder;
    builder.number("id", {1}).number("a", {1}, -1, {"m", "a"}).number("b", {1}, -1, {"m", "b"});
    const JsonWriter::Plan plan = JsonWriter::make_plan(builder.table().columns);
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].prefix == "{\"id\":");
    CHECK(plan.steps[1].prefix == ",\"m\":{\"a\":");
    CHECK(plan.steps[2].prefix == ",\"b\":");
    CHECK(plan.suffix == "}}");
}
}
