#include "kamscore/rules/load_rules.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"
#include "rules/rule_reader.hpp"
#include "rules/source_text.hpp"
#include "rules/yaml_tree.hpp"

namespace kamscore {

bool LoadedRules::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& diagnostic) { return diagnostic.severity == Severity::Error; });
}

namespace {

using SectionLoader = void (*)(RuleReader&, const YamlEntry&, RuleSet&);

struct Section {
    std::string_view key;
    SectionLoader load;      ///< nullptr for 'kamscore', which is read before everything else
    bool is_supported = true;
    bool is_required = false;
};

// The top-level keys in the order README "Rule file reference" documents them. Sections are
// read in file order, so "already defined on line N" always points upwards. A key that is
// refused on purpose (`overrides:` - overrides are data and live in their own --overrides
// file, README "Rule file reference") is listed unsupported, so the error names it instead of
// calling it unknown; supporting one means giving it a loader.
constexpr Section sections[] = {
    {"kamscore", nullptr, true, true},
    {"name", load_name},
    {"input", load_input, true, true},
    {"params", load_params},
    {"fields", load_fields},
    {"derived", load_derived},
    {"strategic", load_strategic},
    {"metrics", load_metrics},
    {"tiers", load_tiers, true, true},
    {"segments", load_segments},
    {"summary", load_summary},
    {"guards", load_guards},
    {"output", load_output},
    {"tests", load_tests},
    {"overrides", nullptr, false},
};

constexpr int supported_version = 1;

const Section* find_section(std::string_view key) {
    for (const Section& section : sections) {
        if (section.key == key) return &section;
    }
    return nullptr;
}

std::string missing_section_message(std::string_view key) {
    if (key == "kamscore") return "missing required key 'kamscore' (the rule-file format: add 'kamscore: 1' at the top)";
    if (key == "input") return "missing required key 'input' (at least the id column: 'input: { id: customer_id }')";
    return fmt::format("missing required key '{}' (at least one tier, the last one without 'when')", key);
}

/// False when the file is written for another version: its other keys may mean something
/// else there, so reading on would only pile up misleading errors.
bool check_version(RuleReader& reader, const YamlNode& root) {
    auto entry = std::find_if(root.entries.begin(), root.entries.end(),
                              [](const YamlEntry& e) { return e.key.is_scalar() && e.key.text == "kamscore"; });
    if (entry == root.entries.end()) return true;   // reported as a missing key with the others
    const YamlNode& value = entry->value;
    auto version = value.is_scalar() && !value.quoted ? parse_plain_number(value.text) : std::nullopt;
    if (!version) {
        reader.expected(value, fmt::format("the rule-file version {}", supported_version), "'kamscore'");
        return true;
    }
    if (*version == supported_version) return true;
    reader.error(value, fmt::format("unsupported rule-file version {}: this kamscore reads version {}", value.text,
                                    supported_version));
    return false;
}

void load_document(RuleReader& reader, const YamlNode& root, RuleSet& rules) {
    if (!root.is_map()) {
        reader.expected(root, "a map of sections (kamscore, input, fields, metrics, tiers, ...)", "the rule file");
        return;
    }
    if (!check_version(reader, root)) return;
    reader.find_duplicate_keys(root);

    std::vector<std::string> known;
    for (const Section& section : sections) known.emplace_back(section.key);
    KeyedEntries top = reader.entries(root, known);
    for (const YamlEntry* entry : top) {
        const Section* section = find_section(entry->key.text);
        if (!section->is_supported) {
            reader.error(entry->key,
                         fmt::format("'{}' is not supported yet by this version of kamscore", section->key));
        } else if (section->load) {
            section->load(reader, *entry, rules);
        }
    }
    for (const Section& section : sections) {
        if (section.is_required && !top.find(section.key)) reader.error(root, missing_section_message(section.key));
    }
}

}  // namespace

std::vector<std::string> rule_keys::top_level() {
    std::vector<std::string> keys;
    for (const Section& section : sections)
        if (section.is_supported) keys.emplace_back(section.key);
    return keys;
}

std::vector<ListItem> list_items(RuleReader& reader, const YamlEntry& section, std::string_view noun) {
    std::vector<ListItem> items;
    if (section.value.is_null()) return items;
    if (!section.value.is_sequence()) {
        reader.expected(section.value, "a list", fmt::format("'{}'", section.key.text));
        return items;
    }
    for (std::size_t i = 0; i < section.value.items.size(); ++i) {
        const YamlNode& item = section.value.items[i];
        if (item.is_map()) {
            items.push_back(ListItem{i, &item});
        } else {
            reader.expected(item, "a map like { id: ..., ... }", fmt::format("{} #{}", noun, i + 1));
        }
    }
    return items;
}

ItemIdentity read_identity(RuleReader& reader, const YamlNode& item, const KeyedEntries& keys,
                           std::string_view noun, std::size_t index, IdRegistry& ids, bool reserved) {
    ItemIdentity identity;
    identity.name = fmt::format("{} #{}", noun, index + 1);
    identity.location = reader.location(item);
    if (const YamlNode* id = keys.value("id")) {
        if (reader.identifier(*id, fmt::format("{} id", noun), reserved)) {
            identity.id = id->text;
            identity.name = fmt::format("{} '{}'", noun, id->text);
            identity.location = reader.location(*id);
            identity.has_valid_id = ids.add(reader, *id);
        }
    } else {
        reader.error(item, fmt::format("{} needs an 'id'", identity.name));
    }
    identity.label = identity.id;
    if (const YamlNode* label = keys.value("label")) {
        if (auto text = reader.text(*label, "'label'")) identity.label = *text;
    }
    return identity;
}

void load_name(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    if (auto name = reader.text(section.value, "'name'")) rules.name = *name;
}

LoadedRules load_rules(std::string_view text, std::string display_name) {
    LoadedRules loaded;
    loaded.rules.path = display_name;
    loaded.rules.version = supported_version;
    SourceText source(text, std::move(display_name));
    YamlDocument document = parse_yaml(source);
    loaded.diagnostics = std::move(document.diagnostics);
    RuleReader reader(source);
    if (document.root && !document.root->is_null()) {
        load_document(reader, *document.root, loaded.rules);
    } else if (loaded.diagnostics.empty()) {
        loaded.diagnostics.push_back(Diagnostic{
            Severity::Error, SourceLocation{source.display_name(), 0, 0, 1},
            "the rule file is empty: it needs at least 'kamscore: 1', 'input' and 'tiers'", ""});
    }
    resolve_group_fields(loaded.rules, source, loaded.diagnostics);
    resolve_tier_capacities(loaded.rules, source, loaded.diagnostics);
    resolve_output(reader, loaded.rules, loaded.diagnostics);
    std::vector<UnknownTestColumn> unknown_test_columns;
    check_tests(loaded.rules, source, loaded.diagnostics, unknown_test_columns);
    loaded.rules.unknown_test_columns = std::move(unknown_test_columns);
    for (Diagnostic& diagnostic : reader.take_diagnostics()) loaded.diagnostics.push_back(std::move(diagnostic));
    // Checks run section by section (duplicate keys first); the reader wants file order.
    std::stable_sort(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    return loaded;
}

}  // namespace kamscore
