#include "kamscore/init/propose_sources.hpp"

#include <doctest/doctest.h>

#include "kamscore/rules/load_rules.hpp"

using namespace kamscore;

namespace {

CsvSample sample_of(const std::string& csv, const std::string& name) { return read_csv_sample(csv, false, name, 1000); }

}  // namespace

TEST_SUITE("init") {
TEST_CASE("a source's key column and normalisation are the ones most sampled rows match a customer with") {
    const CsvSample customers = sample_of("Kundennr;Name\n4711;A\n4712;B\n4713;C\n", "crm.csv");
    const CsvSample erp = sample_of("Jahr,Debitor,Umsatz\n2024,0000004711,100\n2025,0000004711,200\n2025,0000004713,50\n",
                                    "erp.csv");
    const CsvSample nps = sample_of("Kunde,Score\nK-4711,9\nK-4712,3\nK-9999,10\nK-4711,6\n", "nps.csv");
    const std::string text = propose_sources(customers, {erp, nps}, {"erp.csv", "exports/nps.csv"});
    CHECK(text.find("  erp:\n    file: \"erp.csv\"") != std::string::npos);
    CHECK(text.find("key: \"Debitor\"   # 3 of 3 sampled rows match") != std::string::npos);
    CHECK(text.find("normalize: [strip_zeros]") != std::string::npos);
    CHECK(text.find("pivot: { column: \"Jahr\", values: [2024, 2025] }") != std::string::npos);
    CHECK(text.find("  nps:\n    file: \"exports/nps.csv\"") != std::string::npos);
    CHECK(text.find("key: \"Kunde\"   # 3 of 4 sampled rows match") != std::string::npos);
    CHECK(text.find("pattern: '^[^0-9]*0*([0-9]+)$'") != std::string::npos);
    CHECK(text.find("share_if: Score >= 9") != std::string::npos);
    // The section loads as part of a rule file.
    LoadedRules loaded = load_rules("kamscore: 1\ninput: { id: Kundennr }\ntiers:\n  - { id: all }\n" + text, "r.yaml");
    CHECK_FALSE(loaded.has_errors());
    CHECK(loaded.rules.sources.size() == 2);
}

TEST_CASE("no match in the sample is said, not hidden") {
    const CsvSample customers = sample_of("id\nA\nB\n", "crm.csv");
    const CsvSample other = sample_of("key,v\nX,1\nY,2\n", "other.csv");
    const std::string text = propose_sources(customers, {other}, {"other.csv"});
    CHECK(text.find("# CHECK: no sampled row matched") != std::string::npos);
    CHECK(text.find("rows: one") != std::string::npos);
}
}
