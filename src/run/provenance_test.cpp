#include "kamscore/run/provenance.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "kamscore/io/sha256.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/table/parse_value.hpp"

using namespace kamscore;

namespace {

const char* rules_yaml = R"(kamscore: 1
name: board test
input: { id: id }
params:
  min_score: 60
  label_text: big
fields:
  revenue: revenue
metrics:
  - { id: revenue, value: revenue, weight: 1, scale: { linear: [0, 100] } }
tiers:
  - { id: key_account, when: score >= min_score }
  - { id: standard }
)";

const char* customers_csv = "id,revenue\nA,90\nB,10\nC,abc\n";

RunRequest request_for_board() {
    LoadedRules loaded = load_rules(rules_yaml, "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    auto rules = std::make_shared<RuleSet>(std::move(loaded.rules));
    rules->path = "r.yaml";
    rules->text = rules_yaml;
    RunRequest request;
    request.rules = rules;
    request.inputs = {InputSource::text("t.csv", customers_csv)};
    request.today = *parse_date("2026-06-01");
    request.params["min_score"] = "55";
    request.skip_bad_rows = true;
    request.hash_inputs = true;
    request.overrides = InputSource::text("o.csv", "id,tier,reason\nB,key_account,board\n");
    return request;
}

}  // namespace

TEST_SUITE("run") {

TEST_CASE("provenance: the rule file, params, today, inputs with their digests and the row counts") {
    const RunRequest request = request_for_board();
    const auto run = run_scoring(request);
    const Provenance record = describe_provenance(request, *run, {"9.9.9", {"kamscore", "score", "my file.csv"}});
    CHECK(record.kamscore_version == "9.9.9");
    CHECK(record.today == "2026-06-01");
    CHECK(record.rules_path == "r.yaml");
    CHECK(record.rules_name == "board test");
    CHECK(record.rules_sha256 == sha256_hex(rules_yaml));
    REQUIRE(record.params.size() == 2);
    CHECK(record.params[0].name == "min_score");
    CHECK(record.params[0].value == "55");
    CHECK(record.params[0].is_set);
    CHECK(record.params[1].value == "big");
    CHECK_FALSE(record.params[1].is_set);
    REQUIRE(record.files.size() == 2);
    CHECK(record.files[0].role == "input");
    CHECK(record.files[0].name == "t.csv");
    CHECK(record.files[0].sha256 == sha256_hex(customers_csv));
    CHECK(record.files[0].bytes == std::string(customers_csv).size());
    CHECK_FALSE(record.files[0].modified);   // text in memory has no file time
    CHECK(record.files[1].role == "overrides");
    CHECK(record.files[1].sha256 == sha256_hex("id,tier,reason\nB,key_account,board\n"));
    CHECK(record.rows_in == 3);
    CHECK(record.rows_scored == 2);
    CHECK(record.rows_rejected == 1);
}

TEST_CASE("provenance: no digest unless the run was asked to hash its inputs") {
    RunRequest request = request_for_board();
    request.hash_inputs = false;
    const auto run = run_scoring(request);
    const Provenance record = describe_provenance(request, *run, {});
    CHECK(record.files[0].sha256.empty());
    CHECK(render_provenance_json(record).find("\"sha256\":null") != std::string::npos);
}

TEST_CASE("provenance: the JSON record holds every part, in a fixed order") {
    const RunRequest request = request_for_board();
    const auto run = run_scoring(request);
    const std::string json = render_provenance_json(describe_provenance(request, *run, {"1.0", {"kamscore", "a\"b"}}));
    CHECK(json.rfind("{\"kamscore_version\":\"1.0\",\"command_line\":[\"kamscore\",\"a\\\"b\"],\"today\":\"2026-06-01\",", 0) == 0);
    CHECK(json.find("\"params\":{\"min_score\":{\"value\":\"55\",\"set\":true},\"label_text\":{\"value\":\"big\",\"set\":false}}") !=
          std::string::npos);
    CHECK(json.find("{\"role\":\"input\",\"name\":\"t.csv\",\"bytes\":27,\"modified\":null,\"sha256\":\"" +
                    sha256_hex(customers_csv) + "\"}") != std::string::npos);
    CHECK(json.find("\"rows\":{\"in\":3,\"scored\":2,\"rejected\":1,\"footer_lines\":0,\"blank_lines\":0}}\n") !=
          std::string::npos);
    CHECK(json.find("\"text\":\"kamscore: 1\\nname: board test\\n") != std::string::npos);
}

TEST_CASE("provenance: the command line is quoted where a shell would split it") {
    CHECK(shell_command_line({"kamscore", "score", "-r", "rules.yaml", "--set", "min_score=65"}) ==
          "kamscore score -r rules.yaml --set min_score=65");
    CHECK(shell_command_line({"kamscore", "my export.csv", "--where", "tier == \"x\"", "it's", ""}) ==
          "kamscore 'my export.csv' --where 'tier == \"x\"' 'it'\\''s' ''");
}

}
