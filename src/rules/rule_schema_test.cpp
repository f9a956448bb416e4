// The schema printed by `kamscore schema` against the loader's own key lists: a key added to
// the loader and not to the schema (or the other way round) fails here, by name.
#include "kamscore/rules/rule_schema.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "rules/rule_keys.hpp"
#include "rules/source_text.hpp"
#include "rules/yaml_tree.hpp"

using namespace kamscore;

namespace {

const YamlNode* child(const YamlNode& map, std::string_view key) {
    for (const YamlEntry& entry : map.entries)
        if (entry.key.text == key) return &entry.value;
    return nullptr;
}

std::set<std::string> keys_of(const YamlNode* map) {
    std::set<std::string> keys;
    if (map)
        for (const YamlEntry& entry : map->entries) keys.insert(entry.key.text);
    return keys;
}

std::set<std::string> as_set(const std::vector<std::string>& list) { return {list.begin(), list.end()}; }

std::set<std::string> enum_of(const YamlNode* node) {
    std::set<std::string> words;
    if (const YamlNode* list = node ? child(*node, "enum") : nullptr)
        for (const YamlNode& item : list->items) words.insert(item.text);
    return words;
}

struct Schema {
    SourceText source{rule_file_schema(), "schema.json"};
    YamlDocument document = parse_yaml(source);
    const YamlNode& root() const { return *document.root; }
    const YamlNode& definitions() const { return *child(root(), "definitions"); }
    const YamlNode* definition(std::string_view name) const { return child(definitions(), name); }
    std::set<std::string> properties(std::string_view name) const {
        const YamlNode* definition = this->definition(name);
        return keys_of(definition ? child(*definition, "properties") : nullptr);
    }
};

// Each closed map of the schema and the loader's list of keys for it.
const std::vector<std::pair<std::string, const std::vector<std::string>*>> closed_maps = {
    {"input", &rule_keys::input},
    {"source", &rule_keys::source},
    {"pivot", &rule_keys::pivot},
    {"field", &rule_keys::field},
    {"strategic_criterion", &rule_keys::strategic_criterion},
    {"metric", &rule_keys::metric},
    {"tier", &rule_keys::tier},
    {"capacity_groups", &rule_keys::capacity_groups},
    {"pareto_segment", &rule_keys::pareto_segment},
    {"grid_segment", &rule_keys::grid_segment},
    {"grid_split", &rule_keys::grid_split},
    {"grid_cells", &rule_keys::grid_cells},
    {"cases_segment", &rule_keys::cases_segment},
    {"segment_case", &rule_keys::segment_case},
    {"summary", &rule_keys::summary},
    {"guards", &rule_keys::guards},
    {"output_value", &rule_keys::output_value},
    {"test", &rule_keys::test},
};

}  // namespace

TEST_SUITE("rule schema") {
TEST_CASE("the schema is one JSON document that closes the top level") {
    const Schema schema;
    REQUIRE(schema.document.diagnostics.empty());
    REQUIRE(schema.document.root);
    CHECK(child(schema.root(), "$schema")->text == "http://json-schema.org/draft-07/schema#");
    CHECK(child(schema.root(), "additionalProperties")->text == "false");
}

TEST_CASE("the top-level sections are the ones the loader reads") {
    const Schema schema;
    CHECK(keys_of(child(schema.root(), "properties")) == as_set(rule_keys::top_level()));
    // Refused on purpose: overrides live in their own file.
    CHECK(keys_of(child(schema.root(), "properties")).count("overrides") == 0);
}

TEST_CASE("every map of the schema lists exactly the keys the loader accepts there") {
    const Schema schema;
    // Not a structured binding: CAPTURE is a lambda, and clang 14 (the fuzz and sanitizer build)
    // cannot capture one.
    for (const auto& closed_map : closed_maps) {
        const auto& name = closed_map.first;
        const auto& keys = closed_map.second;
        CAPTURE(name);
        REQUIRE(schema.definition(name));
        CHECK(child(*schema.definition(name), "additionalProperties")->text == "false");
        CHECK(schema.properties(name) == as_set(*keys));
    }
}

TEST_CASE("no closed map of the schema goes unchecked") {
    // A new definition with additionalProperties: false needs its line in closed_maps (or is
    // a scale kind), so that its keys are compared with the loader's too.
    const Schema schema;
    for (const YamlEntry& entry : schema.definitions().entries) {
        const YamlNode* closed = child(entry.value, "additionalProperties");
        if (!closed || closed->text != "false") continue;
        CAPTURE(entry.key.text);
        CHECK(std::any_of(closed_maps.begin(), closed_maps.end(),
                          [&](const auto& map) { return map.first == entry.key.text; }));
    }
}

TEST_CASE("the scale kinds are the loader's") {
    const Schema schema;
    std::set<std::string> kinds;
    for (const YamlNode& branch : child(*schema.definition("scale"), "oneOf")->items) {
        if (const YamlNode* constant = child(branch, "const")) kinds.insert(constant->text);
        const YamlNode* closed = child(branch, "additionalProperties");
        const bool is_closed_or_word = closed == nullptr || closed->text == "false";
        CHECK(is_closed_or_word);
        for (const std::string& key : keys_of(child(branch, "properties"))) kinds.insert(key);
    }
    CHECK(kinds == as_set(rule_keys::scale));
}

TEST_CASE("the words of field types, missing policies and aggregations are the loader's") {
    const Schema schema;
    const YamlNode& field = *child(*schema.definition("field"), "properties");
    CHECK(enum_of(child(field, "type")) == as_set(rule_keys::field_types));
    std::set<std::string> aggregations = as_set(rule_keys::aggregates());
    aggregations.insert(rule_keys::source_aggregates.begin(), rule_keys::source_aggregates.end());
    CHECK(enum_of(child(field, "aggregate")) == aggregations);
    const YamlNode& source = *child(*schema.definition("source"), "properties");
    CHECK(enum_of(child(*child(source, "normalize"), "anyOf")->items.data()) ==
          as_set(rule_keys::key_normalizations));
    CHECK(enum_of(child(field, "invalid")) == as_set(rule_keys::invalid_policies));
    CHECK(enum_of(child(*child(*schema.definition("metric"), "properties"), "missing")) ==
          as_set(rule_keys::missing_policies));
}
}
