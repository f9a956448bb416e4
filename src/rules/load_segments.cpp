// Further views of the customer base (`segments:`, README "Segments"): ABC by Pareto share,
// the portfolio grid, and labels by cases. Also `summary:`, which names the revenue that
// `kamscore summary` shares out.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {
namespace {

// Output columns every result has; a segment column of the same name would be ambiguous.
constexpr std::string_view taken_column_names[] = {"tier", "tier_label", "score", "strategic_met", "override",
                                                   "members"};

const std::vector<std::string>& grid_cell_names = rule_keys::grid_cells;

/// { A: 80, B: 95, C: 100 }: labels with ascending cumulative shares, the last 100.
bool read_classes(RuleReader& reader, const YamlNode& node, SegmentSpec& segment) {
    if (!node.is_map() || node.entries.empty()) {
        reader.expected(node, "a map of class: cumulative share like { A: 80, B: 95, C: 100 }", "'classes'");
        return false;
    }
    bool ok = true;
    double previous = 0;
    const YamlNode* last = nullptr;
    for (const YamlEntry* entry : reader.entries(node, {})) {
        auto share = reader.number(entry->value, fmt::format("class '{}'", entry->key.text));
        last = &entry->value;
        if (!share) {
            ok = false;
            continue;
        }
        if (*share <= previous || *share > 100) {
            reader.error(entry->value, fmt::format("class '{}' must reach a share above {} and at most 100 "
                                                   "(shares add up: {{ A: 80, B: 95, C: 100 }}), found {}",
                                                   entry->key.text, previous, entry->value.text));
            ok = false;
        }
        previous = *share;
        segment.classes.emplace_back(entry->key.text, *share);
    }
    if (ok && last && previous != 100) {
        reader.error(*last, fmt::format("the last class must reach 100 (it takes the rest), found {}", last->text));
        ok = false;
    }
    return ok;
}

/// median | "percentile N" | a number.
std::optional<SplitSpec> read_split(RuleReader& reader, const YamlNode& node, std::string_view what) {
    constexpr std::string_view expected = "median, percentile N (0..100) or a number";
    if (!node.is_scalar()) {
        reader.expected(node, expected, what);
        return std::nullopt;
    }
    if (node.text == "median") return SplitSpec{SplitSpec::Median, 50};
    if (node.text.starts_with("percentile")) {
        std::string_view rest = std::string_view(node.text).substr(std::string_view("percentile").size());
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        auto level = parse_plain_number(rest);
        if (level && *level >= 0 && *level <= 100) return SplitSpec{SplitSpec::Percentile, *level};
        reader.error(node, fmt::format("expected percentile N with N from 0 to 100 for {}, found '{}'", what, node.text));
        return std::nullopt;
    }
    if (auto number = parse_plain_number(node.text); number && !node.quoted) return SplitSpec{SplitSpec::Fixed, *number};
    reader.expected(node, expected, what);
    return std::nullopt;
}

bool read_grid(RuleReader& reader, const YamlNode& node, const KeyedEntries& keys, SegmentSpec& segment) {
    bool ok = true;
    for (std::string_view axis : {"x", "y"}) {
        const YamlNode* value = keys.value(axis);
        if (!value) {
            reader.error(node, fmt::format("a grid segment needs both 'x' and 'y' (the two values it plots), "
                                           "'{}' is missing", axis));
            ok = false;
            continue;
        }
        auto expression = reader.expression(*value, fmt::format("'{}'", axis));
        if (!expression) ok = false;
        else (axis == "x" ? segment.value : segment.y) = std::move(*expression);
    }
    if (const YamlNode* split = keys.value("split")) {
        if (split->is_map()) {
            KeyedEntries axes = reader.entries(*split, rule_keys::grid_split);
            for (std::string_view axis : {"x", "y"}) {
                if (const YamlNode* value = axes.value(axis)) {
                    auto read = read_split(reader, *value, fmt::format("the {} split", axis));
                    if (read) (axis == "x" ? segment.x_split : segment.y_split) = *read;
                    else ok = false;
                }
            }
        } else if (auto read = read_split(reader, *split, "'split'")) {
            segment.x_split = segment.y_split = *read;
        } else {
            ok = false;
        }
    }
    segment.cells = grid_cell_names;
    if (const YamlNode* cells = keys.value("cells")) {
        if (!cells->is_map()) {
            reader.expected(*cells, "a map like { high_high: Top, high_low: Basis, low_high: ..., low_low: ... }",
                            "'cells'");
            return false;
        }
        for (const YamlEntry* entry : reader.entries(*cells, grid_cell_names)) {
            auto label = reader.text(entry->value, fmt::format("cell '{}'", entry->key.text));
            auto at = std::find(grid_cell_names.begin(), grid_cell_names.end(), entry->key.text);
            if (label) segment.cells[static_cast<std::size_t>(at - grid_cell_names.begin())] = *label;
            else ok = false;
        }
    }
    return ok;
}

/// [ { when: ..., label: ... }, ..., { label: ... } ]: the first case that holds wins.
bool read_cases(RuleReader& reader, const YamlNode& node, SegmentSpec& segment) {
    if (!node.is_sequence() || node.items.empty()) {
        reader.expected(node, "a list like [ { when: countries >= 10, label: Global }, { label: Local } ]", "'cases'");
        return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        const YamlNode& item = node.items[i];
        const std::string what = fmt::format("case #{}", i + 1);
        if (!item.is_map()) {
            reader.expected(item, "a map like { when: ..., label: ... }", what);
            ok = false;
            continue;
        }
        KeyedEntries keys = reader.entries(item, rule_keys::segment_case);
        SegmentSpec::Case segment_case;
        if (const YamlNode* label = keys.value("label")) {
            if (auto text = reader.text(*label, "'label'")) segment_case.label = *text;
            else ok = false;
        } else {
            reader.error(item, fmt::format("{} needs a 'label' (the segment's value when it holds)", what));
            ok = false;
        }
        if (const YamlEntry* when = keys.find("when")) {
            if (auto expression = reader.expression(when->value, "'when'")) segment_case.when = std::move(*expression);
            else ok = false;
        } else if (i + 1 < node.items.size()) {
            reader.error(item, fmt::format("{} needs 'when': only the last case may go without a condition", what));
            ok = false;
        }
        segment.cases.push_back(std::move(segment_case));
    }
    return ok;
}

std::optional<SegmentSpec> read_segment(RuleReader& reader, const YamlEntry& entry) {
    const YamlNode& node = entry.value;
    const std::string what = fmt::format("segment '{}'", entry.key.text);
    constexpr std::string_view shapes = "{ pareto: ... }, { x: ..., y: ... } or { cases: [...] }";
    if (!node.is_map()) {
        reader.expected(node, shapes, what);
        return std::nullopt;
    }
    SegmentSpec segment;
    segment.name = entry.key.text;
    segment.location = reader.location(entry.key);
    auto has = [&](std::string_view key) {
        return std::any_of(node.entries.begin(), node.entries.end(),
                           [&](const YamlEntry& e) { return e.key.is_scalar() && e.key.text == key; });
    };
    if (has("pareto")) {
        segment.kind = SegmentKind::Pareto;
        KeyedEntries keys = reader.entries(node, rule_keys::pareto_segment);
        auto value = reader.expression(*keys.value("pareto"), "'pareto'");
        bool ok = value.has_value();
        if (value) segment.value = std::move(*value);
        if (const YamlNode* classes = keys.value("classes")) ok = read_classes(reader, *classes, segment) && ok;
        else segment.classes = {{"A", 80}, {"B", 95}, {"C", 100}};
        return ok ? std::optional(std::move(segment)) : std::nullopt;
    }
    if (has("x") || has("y")) {
        segment.kind = SegmentKind::Grid;
        KeyedEntries keys = reader.entries(node, rule_keys::grid_segment);
        return read_grid(reader, node, keys, segment) ? std::optional(std::move(segment)) : std::nullopt;
    }
    if (has("cases")) {
        segment.kind = SegmentKind::Cases;
        KeyedEntries keys = reader.entries(node, rule_keys::cases_segment);
        return read_cases(reader, *keys.value("cases"), segment) ? std::optional(std::move(segment)) : std::nullopt;
    }
    reader.error(node, fmt::format("{} needs 'pareto' (ABC classes), 'x' and 'y' (a portfolio grid) or 'cases'",
                                   what));
    return std::nullopt;
}

}  // namespace

void load_segments(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map of name: segment", "'segments'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        bool is_name = reader.identifier(entry->key, "segment name", false);
        if (is_name && std::find(std::begin(taken_column_names), std::end(taken_column_names), entry->key.text) !=
                           std::end(taken_column_names)) {
            reader.error(entry->key, fmt::format("'{}' is an output column already: name the segment otherwise",
                                                 entry->key.text));
            is_name = false;
        }
        auto segment = read_segment(reader, *entry);
        if (segment && is_name) rules.segments.push_back(std::move(*segment));
    }
}

void load_summary(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map like { revenue: revenue }", "'summary'");
        return;
    }
    KeyedEntries keys = reader.entries(node, rule_keys::summary);
    if (const YamlNode* revenue = keys.value("revenue")) rules.summary.revenue = reader.expression(*revenue, "'revenue'");
}

}  // namespace kamscore
