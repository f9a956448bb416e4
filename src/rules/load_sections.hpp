#pragma once

#include "kamscore/rules/rule_set.hpp"
#include "rules/rule_reader.hpp"
#include "rules/yaml_tree.hpp"

namespace kamscore {

// One loader per top-level section of a rule file (README "Rule file reference"). Each gets
// the section's entry (key and value), reports its problems through the reader and fills its
// part of the RuleSet with whatever it could read.

void load_name(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_input(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_params(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_fields(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_derived(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_strategic(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_metrics(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_tiers(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_tests(RuleReader& reader, const YamlEntry& section, RuleSet& rules);

/// After every section is read: the tests' columns, ids, tiers and params against the rules.
void check_tests(const RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics,
                 std::vector<UnknownTestColumn>& unknown_columns);
void load_segments(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_summary(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_guards(RuleReader& reader, const YamlEntry& section, RuleSet& rules);
void load_output(RuleReader& reader, const YamlEntry& section, RuleSet& rules);

/// After every section is read: each `output:` name is a field or derived value whose column
/// name the output does not have already (output_name_problem).
void resolve_output(const RuleReader& reader, RuleSet& rules, std::vector<Diagnostic>& diagnostics);

/// A field's `aggregate:` word, checked against the field's type (`what`: "field 'x'").
std::optional<Aggregate> read_aggregate(RuleReader& reader, const YamlNode& node, Type type, std::string_view what);

/// After every section is read: with input.group, gives each field its aggregation (the
/// default by type when none is written) and its type after aggregation; without, warns
/// about `aggregate:` words that have no effect.
void resolve_group_fields(RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics);

/// After every section is read: a tier's `max: <name>` takes that param's value (params may
/// stand after the tiers in the file).
void resolve_tier_capacities(RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics);

/// An item of a list section, with its 0-based place in the list.
struct ListItem {
    std::size_t index = 0;
    const YamlNode* node = nullptr;
};

/// The items of a list section that are maps (others are reported); a null section is an
/// empty list. `noun` names one item in messages ("metric").
std::vector<ListItem> list_items(RuleReader& reader, const YamlEntry& section, std::string_view noun);

/// An item's `id` (required, an identifier, unique in `ids`) and `label` (defaults to the
/// id). Returns how messages name the item: "metric 'revenue'", or "metric #2" without an id.
struct ItemIdentity {
    std::string id;
    std::string label;
    std::string name;
    SourceLocation location;
    bool has_valid_id = false;
};
ItemIdentity read_identity(RuleReader& reader, const YamlNode& item, const KeyedEntries& keys,
                           std::string_view noun, std::size_t index, IdRegistry& ids, bool reserved);

}  // namespace kamscore
