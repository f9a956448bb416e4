// Funnel step 2: hard metrics, each an expression scaled to 0..100 and weighted.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <limits>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {
namespace {

const std::vector<std::string>& scale_kinds = rule_keys::scale;

std::optional<double> read_score(RuleReader& reader, const YamlNode& node) {
    auto score = reader.number(node, "a score");
    if (score && (*score < 0 || *score > 100)) {
        reader.error(node, fmt::format("a score must be between 0 and 100, found {}", node.text));
        return std::nullopt;
    }
    return score;
}

/// [low, high] of a linear or log scale.
bool read_range(RuleReader& reader, const YamlNode& node, std::string_view kind, ScaleSpec& scale) {
    if (!node.is_sequence() || node.items.size() != 2) {
        std::string found = node.is_sequence() ? fmt::format("a list of {}", node.items.size()) : describe(node);
        reader.error(node, fmt::format("expected [low, high] for a {} scale, found {}", kind, found));
        return false;
    }
    const YamlNode& low_node = node.items[0];
    const YamlNode& high_node = node.items[1];
    auto low = reader.number(low_node, "the low end");
    auto high = reader.number(high_node, "the high end");
    if (!low || !high) return false;
    bool ok = true;
    if (kind == "log") {
        for (const auto& [value, end] : {std::pair{*low, &low_node}, std::pair{*high, &high_node}}) {
            if (value <= 0) {
                reader.error(*end, fmt::format("the ends of a log scale must be greater than 0, found {}", end->text));
                ok = false;
            }
        }
    }
    if (ok && *low == *high) {
        reader.error(high_node, fmt::format("the two ends of a {} scale must differ, both are {}", kind, high_node.text));
        ok = false;
    }
    scale.low = *low;
    scale.high = *high;
    return ok;
}

/// [[upper, score], ..., [null, score]]: ascending upper bounds, the last one open.
bool read_bands(RuleReader& reader, const YamlNode& node, ScaleSpec& scale) {
    if (!node.is_sequence()) {
        reader.expected(node, "a list of [upper, score] pairs", "'bands'");
        return false;
    }
    if (node.items.empty()) {
        reader.error(node, "'bands' needs at least one [upper, score] pair, the last one [null, score]");
        return false;
    }
    bool ok = true;
    const YamlNode* previous_upper = nullptr;
    double previous = 0;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        const YamlNode& band = node.items[i];
        bool is_last = i + 1 == node.items.size();
        if (!band.is_sequence() || band.items.size() != 2) {
            reader.expected(band, "a band [upper, score]", fmt::format("band #{}", i + 1));
            ok = false;
            previous_upper = nullptr;
            continue;
        }
        const YamlNode& upper_node = band.items[0];
        std::optional<double> upper;
        if (upper_node.is_null()) {
            upper = std::numeric_limits<double>::infinity();
            if (!is_last) {
                reader.error(upper_node, "only the last band can be open-ended (null as its upper bound)");
                ok = false;
            }
        } else if ((upper = reader.number(upper_node, "a band's upper bound"))) {
            if (is_last) {
                reader.error(upper_node, fmt::format("the last band's upper bound must be null, so that every value "
                                                     "gets a score; found {}",
                                                     upper_node.text));
                ok = false;
            }
            if (previous_upper && *upper <= previous) {
                reader.error(upper_node, fmt::format("band upper bounds must increase: {} after {}", upper_node.text,
                                                     previous_upper->text));
                ok = false;
            }
        }
        auto score = read_score(reader, band.items[1]);
        if (!upper || !score) ok = false;
        if (upper && score) scale.bands.push_back(Band{*upper, *score});
        previous_upper = upper && !upper_node.is_null() ? &upper_node : nullptr;
        if (upper) previous = *upper;
    }
    return ok;
}

/// {value: score, ...} for text or bool metrics.
bool read_value_map(RuleReader& reader, const YamlNode& node, ScaleSpec& scale) {
    if (!node.is_map()) {
        reader.expected(node, "a map of value: score", "'map'");
        return false;
    }
    if (node.entries.empty()) {
        reader.error(node, "a 'map' scale needs at least one value: score");
        return false;
    }
    bool ok = true;
    for (const YamlEntry* entry : reader.entries(node, {})) {
        auto score = read_score(reader, entry->value);
        if (score) scale.map.emplace_back(entry->key.text, *score); else ok = false;
    }
    return ok;
}

std::optional<ScaleSpec> read_scale(RuleReader& reader, const YamlNode& node) {
    ScaleSpec scale;
    scale.location = reader.location(node);
    if (node.is_scalar()) {
        if (node.text == "percentile") return scale;
        if (node.text == "linear" || node.text == "log") {
            reader.error(node, fmt::format("a {0} scale needs its range: scale: {{ {0}: [low, high] }}", node.text));
        } else if (node.text == "bands") {
            reader.error(node, "a bands scale needs its bands: scale: { bands: [[upper, score], ..., [null, score]] }");
        } else if (node.text == "map") {
            reader.error(node, "a map scale needs its values: scale: { map: { value: score, ... } }");
        } else {
            std::string hint = did_you_mean(node.text, scale_kinds);
            if (hint.empty()) hint = ": expected percentile, linear, log, bands or map";
            reader.error(node, fmt::format("unknown scale '{}'{}", node.text, hint));
        }
        return std::nullopt;
    }
    if (!node.is_map() || node.entries.empty()) {
        std::string found = node.is_map() ? "an empty map" : describe(node);
        reader.error(node, fmt::format("expected a scale for 'scale' (percentile, {{ linear: [low, high] }}, "
                                       "{{ log: [low, high] }}, {{ bands: ... }} or {{ map: ... }}), found {}",
                                       found));
        return std::nullopt;
    }
    KeyedEntries kinds = reader.entries(node, scale_kinds);
    if (kinds.size() > 1) {
        reader.error(kinds[1].key, fmt::format("a scale has one kind, but this one has '{}' and '{}'",
                                                      kinds[0].key.text, kinds[1].key.text));
        return std::nullopt;
    }
    if (kinds.size() == 0) return std::nullopt;   // its unknown key is reported
    const YamlEntry& kind = kinds[0];
    bool ok = false;
    if (kind.key.text == "percentile") {
        reader.error(kind.key, "'percentile' takes no settings: write scale: percentile");
    } else if (kind.key.text == "linear") {
        scale.kind = ScaleKind::Linear;
        ok = read_range(reader, kind.value, "linear", scale);
    } else if (kind.key.text == "log") {
        scale.kind = ScaleKind::Log;
        ok = read_range(reader, kind.value, "log", scale);
    } else if (kind.key.text == "bands") {
        scale.kind = ScaleKind::Bands;
        ok = read_bands(reader, kind.value, scale);
    } else {
        scale.kind = ScaleKind::Map;
        ok = read_value_map(reader, kind.value, scale);
    }
    if (!ok) return std::nullopt;
    return scale;
}

std::optional<MissingPolicy> read_missing_policy(RuleReader& reader, const YamlNode& node) {
    auto text = reader.text(node, "'missing'");
    if (!text) return std::nullopt;
    if (*text == "zero") return MissingPolicy::Zero;
    if (*text == "skip") return MissingPolicy::Skip;
    if (*text == "error") return MissingPolicy::Error;
    std::string hint = did_you_mean(*text, rule_keys::missing_policies);
    if (hint.empty()) hint = ": expected zero, skip or error";
    reader.error(node, fmt::format("unknown missing policy '{}'{}", *text, hint));
    return std::nullopt;
}

}  // namespace

void load_metrics(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    IdRegistry ids("metric");
    for (const ListItem& item : list_items(reader, section, "metric")) {
        KeyedEntries keys = reader.entries(*item.node, rule_keys::metric);
        ItemIdentity identity = read_identity(reader, *item.node, keys, "metric", item.index, ids, true);
        const YamlNode& anchor = keys.value("id") ? *keys.value("id") : *item.node;
        MetricSpec metric;
        metric.id = identity.id;
        metric.label = identity.label;
        metric.location = identity.location;
        bool ok = identity.has_valid_id;

        if (const YamlNode* value = keys.value("value")) {
            auto expression = reader.expression(*value, "'value'");
            if (expression) metric.value = std::move(*expression); else ok = false;
        } else {
            reader.error(anchor, fmt::format("{} needs 'value' (the expression to score)", identity.name));
            ok = false;
        }
        if (const YamlNode* weight_node = keys.value("weight")) {
            auto weight = reader.number(*weight_node, "'weight'");
            if (weight && *weight < 0) {
                reader.error(*weight_node, fmt::format("a weight must be 0 or more, found {}", weight_node->text));
                weight.reset();
            }
            if (weight) metric.weight = *weight; else ok = false;
        } else {
            reader.error(anchor, fmt::format("{} needs 'weight' (its share of the score)", identity.name));
            ok = false;
        }
        if (const YamlNode* scale_node = keys.value("scale")) {
            auto scale = read_scale(reader, *scale_node);
            if (scale) metric.scale = std::move(*scale); else ok = false;
        } else {
            reader.error(anchor, fmt::format("{} needs 'scale' (percentile, linear, log, bands or map)", identity.name));
            ok = false;
        }
        if (const YamlNode* missing = keys.value("missing")) {
            auto policy = read_missing_policy(reader, *missing);
            if (policy) metric.missing = *policy; else ok = false;
        }
        if (ok) rules.metrics.push_back(std::move(metric));
    }
}

}  // namespace kamscore
