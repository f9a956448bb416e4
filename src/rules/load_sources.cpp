// The `sources:` section (README "Sources"): further exports joined onto the customer list by
// a key, and the keys of a field that reads one (`source:`, `aggregate:`, `where:`, ...).

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/table/join_key.hpp"

namespace kamscore {
namespace {

std::optional<std::string> read_name(RuleReader& reader, const YamlNode& node, std::string_view what) {
    auto text = reader.text(node, what);
    if (text && text->empty()) {
        reader.error(node, fmt::format("empty {}", what));
        return std::nullopt;
    }
    return text;
}

void read_normalize(RuleReader& reader, const YamlNode& node, SourceSpec& source) {
    std::vector<const YamlNode*> words;
    if (node.is_scalar()) {
        words.push_back(&node);
    } else if (node.is_sequence()) {
        for (const YamlNode& item : node.items) words.push_back(&item);
    } else {
        reader.expected(node, "a list like [trim, strip_zeros, lower]", "'normalize'");
        return;
    }
    for (const YamlNode* word : words) {
        auto text = reader.text(*word, "'normalize'");
        if (!text) continue;
        if (*text == "trim") continue;   // always done; accepted so that a list can say so
        if (*text == "strip_zeros") {
            source.normalize.strip_zeros = true;
        } else if (*text == "lower" || *text == "upper") {
            const auto wanted =
                *text == "lower" ? KeyNormalization::LetterCase::Lower : KeyNormalization::LetterCase::Upper;
            if (source.normalize.letter_case != KeyNormalization::LetterCase::Keep &&
                source.normalize.letter_case != wanted)
                reader.error(*word, "'lower' and 'upper' together: keys can only be one case");
            source.normalize.letter_case = wanted;
        } else {
            std::string hint = did_you_mean(*text, rule_keys::key_normalizations);
            if (hint.empty()) hint = ": expected trim, lower, upper or strip_zeros";
            reader.error(*word, fmt::format("unknown key normalisation '{}'{}", *text, hint));
        }
    }
}

void read_types(RuleReader& reader, const YamlNode& node, SourceSpec& source) {
    if (!node.is_map()) {
        reader.expected(node, "a map of column: type, like { year: number }", "'types'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        if (auto type = read_type(reader, entry->value)) source.types.emplace_back(entry->key.text, *type);
    }
}

void read_source(RuleReader& reader, const YamlEntry& entry, SourceSpec& source) {
    const YamlNode& node = entry.value;
    const std::string what = fmt::format("source '{}'", entry.key.text);
    if (!node.is_map()) {
        reader.expected(node, "a map like { file: erp.csv, key: debtor }", what);
        return;
    }
    KeyedEntries keys = reader.entries(node, rule_keys::source);
    if (const YamlNode* file = keys.value("file")) {
        if (auto path = read_name(reader, *file, "'file'")) {
            source.file = *path;
            source.file_location = reader.location(*file);
        }
    }
    if (const YamlNode* key = keys.value("key")) {
        if (auto column = read_name(reader, *key, "'key'")) {
            source.key_column = *column;
            source.key_location = reader.location(*key);
        }
    } else {
        reader.error(node, fmt::format("{} needs 'key' (its column holding the customer key)", what));
    }
    if (const YamlNode* delimiter = keys.value("delimiter")) source.delimiter = read_delimiter(reader, *delimiter);
    if (const YamlNode* decimal = keys.value("decimal")) {
        if (auto text = reader.text(*decimal, "'decimal'")) {
            if (*text == "." || *text == ",") source.decimal = text->front();
            else reader.error(*decimal, fmt::format("unknown decimal separator '{}': expected '.' or ','", *text));
        }
    }
    if (const YamlNode* encoding = keys.value("encoding")) source.encoding = read_encoding(reader, *encoding);
    if (const YamlNode* normalize = keys.value("normalize")) read_normalize(reader, *normalize, source);
    if (const YamlNode* pattern = keys.value("pattern")) {
        if (auto text = read_name(reader, *pattern, "'pattern'")) {
            if (const std::string problem = check_key_pattern(*text); !problem.empty())
                reader.error(*pattern, fmt::format("'pattern' of {}: {}", what, problem));
            else source.normalize.pattern = *text;
        }
    }
    if (const YamlNode* pattern = keys.value("match_pattern")) {
        if (auto text = read_name(reader, *pattern, "'match_pattern'")) {
            if (const std::string problem = check_key_pattern(*text); !problem.empty())
                reader.error(*pattern, fmt::format("'match_pattern' of {}: {}", what, problem));
            else source.normalize.match_pattern = *text;
        }
    }
    if (const YamlNode* map = keys.value("map")) {
        if (auto path = read_name(reader, *map, "'map'")) {
            source.map_file = *path;
            source.map_location = reader.location(*map);
        }
    }
    if (const YamlNode* match = keys.value("match")) {
        if (auto column = read_name(reader, *match, "'match'")) {
            source.match_column = *column;
            source.match_location = reader.location(*match);
        }
    }
    if (const YamlNode* rows = keys.value("rows")) {
        if (auto text = reader.text(*rows, "'rows'")) {
            if (*text == "one") source.many_rows = false;
            else if (*text == "many") source.many_rows = true;
            else reader.error(*rows, fmt::format("unknown value '{}' for 'rows': expected one (one row per key: a "
                                                 "repeated key is a bad row) or many (aggregated per key)",
                                                 *text));
        }
    }
    if (const YamlNode* where = keys.value("where")) source.where = reader.expression(*where, "'where'");
    if (const YamlNode* types = keys.value("types")) read_types(reader, *types, source);
}

struct SourceAggregateWord {
    std::string_view word;
    SourceAggregate aggregate;
};

constexpr SourceAggregateWord source_aggregate_words[] = {
    {"value", SourceAggregate::Value}, {"sum", SourceAggregate::Sum},     {"mean", SourceAggregate::Mean},
    {"min", SourceAggregate::Min},     {"max", SourceAggregate::Max},     {"count", SourceAggregate::Count},
    {"first", SourceAggregate::First}, {"last", SourceAggregate::Last},
};

}  // namespace

void load_sources(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map of name: { file: ..., key: ... }", "'sources'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        if (!reader.identifier(entry->key, "source name", true)) continue;
        SourceSpec source;
        source.name = entry->key.text;
        source.location = reader.location(entry->key);
        read_source(reader, *entry, source);
        rules.sources.push_back(std::move(source));
    }
}

bool read_source_keys(RuleReader& reader, const KeyedEntries& keys, FieldSpec& field, const std::string& what) {
    bool ok = true;
    const YamlNode& source = *keys.value("source");
    if (auto name = read_name(reader, source, "'source'")) {
        field.source = *name;
        field.source_location = reader.location(source);
    } else {
        ok = false;
    }
    const YamlNode* count_if = keys.value("count_if");
    const YamlNode* share_if = keys.value("share_if");
    if (const YamlNode* aggregate = keys.value("aggregate")) {
        field.source_aggregate_location = reader.location(*aggregate);
        auto word = reader.text(*aggregate, "'aggregate'");
        const auto* found = std::find_if(std::begin(source_aggregate_words), std::end(source_aggregate_words),
                                         [&](const SourceAggregateWord& w) { return word && w.word == *word; });
        if (!word) {
            ok = false;
        } else if (found == std::end(source_aggregate_words)) {
            std::string hint = did_you_mean(*word, rule_keys::source_aggregates);
            if (hint.empty())
                hint = fmt::format(": expected {} (or the keys count_if, share_if)",
                                   fmt::join(rule_keys::source_aggregates, ", "));
            reader.error(*aggregate, fmt::format("unknown aggregation '{}' of a source's rows{}", *word, hint));
            ok = false;
        } else {
            field.source_aggregate = found->aggregate;
        }
        if (count_if || share_if) {
            reader.error(*aggregate, fmt::format("{} has 'aggregate' and '{}': give one of them", what,
                                                 count_if ? "count_if" : "share_if"));
            ok = false;
        }
    }
    if (count_if && share_if) {
        reader.error(*share_if, fmt::format("{} has 'count_if' and 'share_if': give one of them", what));
        ok = false;
    } else if (count_if || share_if) {
        field.source_aggregate = count_if ? SourceAggregate::CountIf : SourceAggregate::ShareIf;
        field.source_aggregate_location = reader.location(count_if ? *count_if : *share_if);
        field.condition = reader.expression(count_if ? *count_if : *share_if, count_if ? "'count_if'" : "'share_if'");
        ok = ok && field.condition.has_value();
    }
    if (const YamlNode* where = keys.value("where")) {
        field.where = reader.expression(*where, "'where'");
        ok = ok && field.where.has_value();
    }
    if (const YamlNode* by = keys.value("by")) {
        if (auto column = read_name(reader, *by, "'by'")) field.order_by = *column;
        else ok = false;
    }
    return ok;
}

void resolve_sources(RuleSet& rules, const SourceText& source, std::vector<Diagnostic>& diagnostics) {
    const auto error = [&](const SourceLocation& at, std::string message) {
        diagnostics.push_back(Diagnostic{Severity::Error, at, std::move(message), std::string(source.line(at.line))});
    };
    // `revenue: erp.umsatz` reads column umsatz of source erp, when a source is called erp.
    for (FieldSpec& field : rules.fields) {
        if (!field.source.empty()) continue;
        const std::size_t dot = field.column.find('.');
        if (dot == std::string::npos || !rules.find_source(field.column.substr(0, dot))) continue;
        field.source = field.column.substr(0, dot);
        field.source_location = field.column_location;
        field.column = field.column.substr(dot + 1);
    }
    std::vector<std::string> names;
    for (const SourceSpec& spec : rules.sources) names.push_back(spec.name);
    for (std::size_t s = 0; s < rules.sources.size(); ++s) {
        const SourceSpec& spec = rules.sources[s];
        for (std::size_t t = 0; t < s; ++t)
            if (rules.sources[t].name == spec.name)
                error(spec.location, fmt::format("source '{}' is already defined on line {}", spec.name,
                                                 rules.sources[t].location.line));
    }
    for (const SourceSpec& spec : rules.sources)
        if (std::none_of(rules.fields.begin(), rules.fields.end(),
                         [&](const FieldSpec& field) { return field.source == spec.name; }))
            diagnostics.push_back(Diagnostic{Severity::Warning, spec.location,
                                             fmt::format("source '{}' is read on every run, but no field reads it (add "
                                                         "a field with 'source: {}', or remove it)",
                                                         spec.name, spec.name),
                                             std::string(source.line(spec.location.line))});
    if (!rules.sources.empty() && !rules.input.group_column.empty())
        error(rules.input.group_location,
              "'group' under 'input:' and 'sources:' together are not supported yet: join the sources into the "
              "export, or roll the groups up without sources");
    for (FieldSpec& field : rules.fields) {
        if (field.source.empty()) continue;
        const SourceSpec* spec = rules.find_source(field.source);
        const std::string what = fmt::format("field '{}'", field.name);
        if (!spec) {
            std::string hint = did_you_mean(field.source, names);
            if (hint.empty())
                hint = names.empty() ? ": declare it under 'sources:'"
                                     : fmt::format(": the sources are {}", fmt::join(names, ", "));
            error(field.source_location, fmt::format("{} reads source '{}', which is not under 'sources:'{}", what,
                                                     field.source, hint));
            continue;
        }
        const SourceAggregate aggregate = field.source_aggregate;
        const bool written = field.source_aggregate_location.line > 0;
        const SourceLocation& at = written ? field.source_aggregate_location : field.location;
        if (spec->many_rows && aggregate == SourceAggregate::Value)
            error(at, fmt::format("{} reads source '{}', which has many rows per key: say how they combine, "
                                  "with 'aggregate: sum' (or mean, min, max, count, first, last) or 'count_if:' / "
                                  "'share_if:' (or declare 'rows: one' under the source)",
                                  what, spec->name));
        const bool counts = aggregate == SourceAggregate::Count || aggregate == SourceAggregate::CountIf ||
                            aggregate == SourceAggregate::ShareIf;
        if (counts) {
            if (field.type != Type::Number)
                error(at, fmt::format("'{}' gives a number, but {} is a {} field", source_aggregate_name(aggregate),
                                      what, type_name(field.type)));
        } else if (field.column.empty()) {
            error(field.location, fmt::format("{} needs 'column' (the column of source '{}' it reads)", what,
                                              spec->name));
        }
        if ((aggregate == SourceAggregate::Sum || aggregate == SourceAggregate::Mean) && field.type != Type::Number)
            error(at, fmt::format("'{}' adds numbers, but {} is a {} field", source_aggregate_name(aggregate), what,
                                  type_name(field.type)));
        if ((aggregate == SourceAggregate::Min || aggregate == SourceAggregate::Max) && field.type != Type::Number &&
            field.type != Type::Date)
            error(at, fmt::format("'{}' compares numbers or dates, but {} is a {} field",
                                  source_aggregate_name(aggregate), what, type_name(field.type)));
        if (!field.order_by.empty() && aggregate != SourceAggregate::First && aggregate != SourceAggregate::Last)
            error(field.location, fmt::format("'by' of {} orders rows for 'aggregate: first' or 'last'", what));
    }
}

}  // namespace kamscore
