#include "kamscore/table/kept_columns.hpp"

#include <doctest/doctest.h>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {
const std::vector<std::string> header{"customer_id", "name", "Region", " Owner ", "notes"};

std::vector<std::string> kept_names(const KeptColumns& kept) {
    std::vector<std::string> names;
    for (const auto& column : kept.columns()) names.push_back(column.name);
    return names;
}
}  // namespace

TEST_SUITE("table") {
TEST_CASE("kept columns are matched like fields and come in the header's order") {
    Frame frame;
    KeptColumns kept(frame, {"notes", "region", "owner"}, false, {"customer_id", "name"});
    kept.bind(header, "crm.csv");
    CHECK(kept_names(kept) == std::vector<std::string>{"Region", " Owner ", "notes"});
    CHECK(frame.columns.size() == 3);
    kept.add({"C1", "Acme", "Nord", "", "hello"});
    ++frame.rows;
    CHECK(frame.columns[kept.columns()[0].slot].texts[0] == "Nord");
    CHECK(frame.columns[kept.columns()[1].slot].is_missing_at(0));   // an empty cell is missing
    CHECK(frame.columns[kept.columns()[2].slot].texts[0] == "hello");
}

TEST_CASE("keep-all keeps every column but the id and label, which the output has anyway") {
    Frame frame;
    KeptColumns kept(frame, {}, true, {"customer_id", "name"});
    kept.bind(header, "crm.csv");
    CHECK(kept_names(kept) == std::vector<std::string>{"Region", " Owner ", "notes"});
    kept.bind(header, "second.csv");   // the next file of the same run: bound once
    CHECK(frame.columns.size() == 3);
}

TEST_CASE("an unknown kept column is bad data with the closest header name") {
    Frame frame;
    KeptColumns kept(frame, {"regoin"}, false, {});
    CHECK_THROWS_WITH_AS(kept.bind(header, "crm.csv"),
                         "--keep 'regoin': crm.csv has no such column (did you mean 'Region'?)",
                         Error);
}

TEST_CASE("nothing asked for is an empty request") {
    Frame frame;
    CHECK(KeptColumns(frame, {}, false, {}).is_empty_request());
    CHECK(!KeptColumns(frame, {}, true, {}).is_empty_request());
}
}
