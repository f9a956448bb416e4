// `kamscore summary` as text for a terminal and as JSON.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "explain/json_out.hpp"
#include "kamscore/explain/summary.hpp"
#include "kamscore/output/display_width.hpp"
#include "kamscore/output/json_writer.hpp"

namespace kamscore {
namespace {

/// Columns separated by two spaces; `right` marks the columns aligned to the right.
std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
                  std::string_view indent) {
    std::vector<std::size_t> width;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (width.size() <= c) width.push_back(0);
            width[c] = std::max(width[c], display_width(row[c]));
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line(indent);
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::size_t pad = width[c] - display_width(row[c]);
            bool to_right = c < right.size() && right[c];
            if (to_right) line.append(pad, ' ');
            line += row[c];
            if (!to_right) line.append(pad, ' ');
            if (c + 1 < row.size()) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
    return out;
}

std::string percent(double value) { return is_missing(value) ? "-" : format_number_text(value, 1) + " %"; }

std::string number(double value) { return format_number_text(value); }

std::string share_table(const std::vector<ShareRow>& rows, bool has_revenue, std::string_view first_header,
                        const std::vector<std::string>& extra_header, const std::vector<std::string>& extra) {
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header{std::string(first_header), "customers", "share"};
    if (has_revenue) header.push_back("revenue share");
    header.insert(header.end(), extra_header.begin(), extra_header.end());
    cells.push_back(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::vector<std::string> line{rows[i].id, std::to_string(rows[i].count), percent(rows[i].share)};
        if (has_revenue) line.push_back(percent(rows[i].revenue_share));
        if (i < extra.size() && !extra_header.empty()) line.push_back(extra[i]);
        cells.push_back(line);
    }
    return table(cells, {false, true, true, true, false}, "  ");
}

/// A tier's seats per group: who took them and who was turned away, group by group.
std::string seats_per_group_text(const TierSummary& tier) {
    std::vector<std::vector<std::string>> cells{{tier.capacity_by, "seats", "taken", "candidates", "turned away"}};
    for (const TierOutcome::Group& group : tier.groups) {
        std::string taken = std::to_string(group.assigned);
        if (group.forced) taken += fmt::format(" ({} by override)", group.forced);
        cells.push_back({group.is_missing ? "(no value)" : group.value, std::to_string(group.seats), taken,
                         std::to_string(group.candidates), std::to_string(group.turned_away)});
    }
    return fmt::format("\nSeats of {} per {}\n", tier.row.id, tier.capacity_by) +
           table(cells, {false, true, true, true, true}, "  ");
}

std::string grid_matrix(const SegmentSummary& grid, bool has_revenue) {
    // Cells in the order high_high, high_low, low_high, low_low (x's level first); the matrix
    // puts high y on top and high x on the right, as portfolio charts do.
    auto cell = [&](std::size_t i) {
        const ShareRow& row = grid.classes[i];
        std::string text = fmt::format("{} {}", row.id, row.count);
        if (has_revenue) text += " · " + percent(row.revenue_share);
        return text;
    };
    const std::string x_low = fmt::format("{} < {}", grid.x, number(grid.x_cut));
    const std::string x_high = fmt::format("{} >= {}", grid.x, number(grid.x_cut));
    const std::string y_high = fmt::format("{} >= {}", grid.y, number(grid.y_cut));
    const std::string y_low = fmt::format("{} < {}", grid.y, number(grid.y_cut));
    std::string out = table({{"", x_low, x_high}, {y_high, cell(2), cell(0)}, {y_low, cell(3), cell(1)}}, {}, "  ");
    out += fmt::format("  (customers{}; {} split at its {}, {} at its {})\n", has_revenue ? " · share of revenue" : "",
                       grid.x, grid.x_split, grid.y, grid.y_split);
    return out;
}

std::string_view step_name(FunnelStep::Kind kind) {
    switch (kind) {
    case FunnelStep::All: return "all";
    case FunnelStep::Condition: return "condition";
    case FunnelStep::Known: return "known";
    case FunnelStep::Capacity: return "capacity";
    }
    return "";
}

/// Who left at a step: "223 (200 false, 23 missing)", or one reason alone.
std::string left_here(const FunnelStep& step) {
    std::vector<std::string> parts;
    if (step.dropped_false) parts.push_back(fmt::format("{} false", step.dropped_false));
    if (step.dropped_missing) parts.push_back(fmt::format("{} missing", step.dropped_missing));
    if (step.over_capacity) parts.push_back(fmt::format("{} over capacity", step.over_capacity));
    if (step.moved) parts.push_back(fmt::format("{} to another tier", step.moved));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string funnel_text(const FunnelSummary& funnel, bool has_revenue) {
    if (funnel.tier.empty()) return "";
    std::string out = fmt::format("\nFunnel of {}: {}\n", funnel.tier, funnel.when);
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header{"step", "customers", "share"};
    if (has_revenue) header.push_back("revenue share");
    header.push_back("left at this step");
    cells.push_back(header);
    for (const FunnelStep& step : funnel.steps) {
        std::string name = step.text;
        if (step.kind == FunnelStep::Known) name += " is known";
        if (step.kind == FunnelStep::Capacity)
            name = !funnel.capacity ? "in " + step.text
                   : funnel.capacity_by.empty()
                       ? fmt::format("in {} (max {})", step.text, *funnel.capacity)
                       : fmt::format("in {} (max {}, seats per {})", step.text, *funnel.capacity, funnel.capacity_by);
        std::vector<std::string> line{name, std::to_string(step.row.count), percent(step.row.share)};
        if (has_revenue) line.push_back(percent(step.row.revenue_share));
        line.push_back(left_here(step));
        cells.push_back(line);
    }
    out += table(cells, {false, true, true, has_revenue, false}, "  ");
    const std::size_t from_funnel = funnel.steps.empty() ? 0 : funnel.steps.back().row.count;
    if (funnel.tier_customers != from_funnel || funnel.stayed || funnel.forced)
        out += fmt::format("  ({} holds {} in the end: {} kept by stay, {} by override)\n", funnel.tier,
                           funnel.tier_customers, funnel.stayed, funnel.forced);
    return out;
}

std::string segments_by_tier_text(const Summary& summary) {
    bool any = false;
    for (const auto& segment : summary.segments) any = any || !segment.by_tier.empty();
    if (!any || summary.tiers.empty()) return "";
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header{"segment", "class"};
    std::vector<bool> right{false, false};
    for (const auto& tier : summary.tiers) {
        header.push_back(tier.row.id);
        right.push_back(true);
    }
    cells.push_back(header);
    for (const auto& segment : summary.segments)
        for (std::size_t c = 0; c < segment.by_tier.size() && c < segment.classes.size(); ++c) {
            std::vector<std::string> line{c == 0 ? segment.name : "", segment.classes[c].id};
            for (std::size_t count : segment.by_tier[c]) line.push_back(std::to_string(count));
            cells.push_back(line);
        }
    return "\nSegments by tier (customers)\n" + table(cells, right, "  ");
}

}  // namespace

std::string render_summary_text(const Summary& summary) {
    const bool has_revenue = !summary.revenue_source.empty();
    std::string out = fmt::format("{}{} customers\n", summary.name.empty() ? "" : summary.name + ": ", summary.customers);
    if (has_revenue) out += fmt::format("revenue: {}, total {}\n", summary.revenue_source, format_number_text(summary.revenue_total, 2));
    else out += "revenue: none (name it with 'summary: { revenue: ... }' in the rules)\n";

    std::vector<ShareRow> tier_rows;
    std::vector<std::string> capacities;
    for (const auto& tier : summary.tiers) {
        tier_rows.push_back(tier.row);
        std::string capacity;
        if (tier.capacity) {
            capacity = fmt::format("{} of {} ({} candidates", tier.row.count, *tier.capacity, tier.candidates);
            if (tier.forced) capacity += fmt::format(", {} by override", tier.forced);
            capacity += ")";
        }
        capacities.push_back(capacity);
    }
    out += "\nTiers\n" + share_table(tier_rows, has_revenue, "tier", {"capacity"}, capacities);
    for (const auto& tier : summary.tiers)
        if (!tier.capacity_by.empty()) out += seats_per_group_text(tier);

    bool any_in_line = false;
    for (const auto& tier : summary.tiers) any_in_line = any_in_line || !tier.next_in_line.empty();
    if (any_in_line) {
        out += "\nNext in line (turned away by a capacity, best first)\n";
        for (const auto& tier : summary.tiers) {
            if (tier.next_in_line.empty()) continue;
            std::vector<std::vector<std::string>> rows;
            for (const auto& next : tier.next_in_line)
                rows.push_back({rows.empty() ? tier.row.id : "", next.id, next.label, format_number_text(next.score, 2)});
            out += table(rows, {false, false, false, true}, "  ");
            if (tier.more_in_line) out += fmt::format("  ... and {} more\n", tier.more_in_line);
        }
    }

    out += funnel_text(summary.funnel, has_revenue);

    for (const auto& segment : summary.segments) {
        if (segment.kind == SegmentKind::Grid) {
            out += fmt::format("\nSegment {} (portfolio grid of {} and {})\n", segment.name, segment.x, segment.y);
            out += grid_matrix(segment, has_revenue);
        } else if (segment.kind == SegmentKind::Pareto) {
            out += fmt::format("\nSegment {} (ABC by cumulative share of {})\n", segment.name, segment.x);
            std::vector<std::string> bounds;
            for (double smallest : segment.smallest_in_class)
                bounds.push_back(is_missing(smallest) ? "-" : fmt::format("{} and more", number(smallest)));
            out += share_table(segment.classes, has_revenue, "class", {segment.x}, bounds);
        } else {
            out += fmt::format("\nSegment {}\n", segment.name);
            out += share_table(segment.classes, has_revenue, "value", {}, {});
        }
        if (segment.missing) out += fmt::format("  ({} without a value)\n", segment.missing);
    }

    out += segments_by_tier_text(summary);

    out += "\nScore histogram\n";
    std::size_t largest = *std::max_element(summary.histogram.begin(), summary.histogram.end());
    std::vector<std::vector<std::string>> bars;
    for (std::size_t b = 0; b < summary.histogram.size(); ++b) {
        std::size_t count = summary.histogram[b];
        std::size_t length = largest ? std::max<std::size_t>(count ? 1 : 0, (count * 40 + largest / 2) / largest) : 0;
        std::string bar;
        for (std::size_t i = 0; i < length; ++i) bar += "█";
        bars.push_back({fmt::format("{}–{}", b * 10, b * 10 + 10), std::to_string(summary.histogram[b]), bar});
    }
    out += table(bars, {true, true, false}, "  ");
    if (summary.scores_missing) out += fmt::format("  ({} without a score)\n", summary.scores_missing);

    out += "\nCut-offs\n";
    if (summary.percentile_cuts.empty() && summary.segments.empty())
        out += "  none: no percentile metric, no segment\n";
    for (const auto& cut : summary.percentile_cuts) {
        std::vector<std::string> parts;
        for (const auto& [points, value] : cut.value_for_points)
            parts.push_back(fmt::format("{} points from {}", points, number(value)));
        out += fmt::format("  {} (percentile): {}\n", cut.metric, fmt::join(parts, ", "));
    }
    for (const auto& segment : summary.segments) {
        if (segment.kind == SegmentKind::Grid) {
            out += fmt::format("  {}: {} {} {}, {} {} {}\n", segment.name, segment.x, segment.x_split,
                               number(segment.x_cut), segment.y, segment.y_split, number(segment.y_cut));
        } else if (segment.kind == SegmentKind::Pareto) {
            std::vector<std::string> parts;
            for (std::size_t c = 0; c < segment.classes.size(); ++c) {
                if (c + 1 == segment.classes.size()) parts.push_back(segment.classes[c].id + " the rest");
                else if (!is_missing(segment.smallest_in_class[c]))
                    parts.push_back(fmt::format("{} down to {}", segment.classes[c].id, number(segment.smallest_in_class[c])));
            }
            out += fmt::format("  {}: {}\n", segment.name, fmt::join(parts, ", "));
        }
    }

    out += "\nMissing values per field\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& field : summary.completeness) {
        std::string read_as_missing;   // cells that were not blank: missing_words, invalid: missing
        if (field.missing_words + field.unreadable > 0)
            read_as_missing = fmt::format("{} missing word{}, {} unreadable", field.missing_words,
                                          field.missing_words == 1 ? "" : "s", field.unreadable);
        rows.push_back({field.field, field.column, percent(field.share),
                        fmt::format("({} of {})", field.missing, summary.customers), read_as_missing});
    }
    out += table(rows, {false, false, true, false, false}, "  ");
    return out;
}

namespace {

/// The fields every share row has; the caller has opened its object.
void share_fields(JsonOut& json, const ShareRow& row) {
    json.key("id"); json.text(row.id);
    json.key("label"); json.text(row.label);
    json.key("customers"); json.integer(row.count);
    json.key("share"); json.number(row.share);
    json.key("revenue"); json.number(row.revenue);
    json.key("revenue_share"); json.number(row.revenue_share);
}

std::string_view kind_name(SegmentKind kind) {
    return kind == SegmentKind::Pareto ? "pareto" : kind == SegmentKind::Grid ? "grid" : "cases";
}

}  // namespace

std::string render_summary_json(const Summary& summary) {
    JsonOut json;
    json.open('{');
    json.key("name"); json.text(summary.name);
    json.key("customers"); json.integer(summary.customers);
    json.key("revenue");
    if (summary.revenue_source.empty()) {
        json.null();
    } else {
        json.open('{');
        json.key("source"); json.text(summary.revenue_source);
        json.key("total"); json.number(summary.revenue_total);
        json.close('}');
    }
    json.key("tiers", true); json.open('[');
    for (const TierSummary& tier : summary.tiers) {
        json.open('{', true);
        share_fields(json, tier.row);
        json.key("capacity"); json.number(tier.capacity ? static_cast<double>(*tier.capacity) : missing_number);
        json.key("candidates"); json.integer(tier.candidates);
        json.key("by_override"); json.integer(tier.forced);
        if (!tier.capacity_by.empty()) {
            json.key("seats_per_group"); json.open('{');
            json.key("by"); json.text(tier.capacity_by);
            json.key("groups"); json.open('[');
            for (const TierOutcome::Group& group : tier.groups) {
                json.open('{');
                json.key("value");
                if (group.is_missing) json.null(); else json.text(group.value);
                json.key("seats"); json.integer(group.seats);
                json.key("customers"); json.integer(group.assigned);
                json.key("by_override"); json.integer(group.forced);
                json.key("candidates"); json.integer(group.candidates);
                json.key("turned_away"); json.integer(group.turned_away);
                json.close('}');
            }
            json.close(']');
            json.close('}');
        }
        json.key("next_in_line"); json.open('[');
        for (const auto& next : tier.next_in_line) {
            json.open('{');
            json.key("id"); json.text(next.id);
            json.key("label"); json.text(next.label);
            json.key("score"); json.number(next.score);
            json.close('}');
        }
        json.close(']');
        json.key("more_in_line"); json.integer(tier.more_in_line);
        json.close('}');
    }
    json.close(']');
    json.key("funnel", true);
    if (summary.funnel.tier.empty()) {
        json.null();
    } else {
        const FunnelSummary& funnel = summary.funnel;
        json.open('{');
        json.key("tier"); json.text(funnel.tier);
        json.key("when"); json.text(funnel.when);
        json.key("capacity"); json.number(funnel.capacity ? static_cast<double>(*funnel.capacity) : missing_number);
        if (!funnel.capacity_by.empty()) { json.key("seats_per"); json.text(funnel.capacity_by); }
        json.key("steps"); json.open('[');
        for (const FunnelStep& step : funnel.steps) {
            json.open('{', true);
            json.key("step"); json.text(step.text);
            json.key("kind"); json.text(step_name(step.kind));
            json.key("customers"); json.integer(step.row.count);
            json.key("share"); json.number(step.row.share);
            json.key("revenue"); json.number(step.row.revenue);
            json.key("revenue_share"); json.number(step.row.revenue_share);
            json.key("left"); json.open('{');
            json.key("false"); json.integer(step.dropped_false);
            json.key("missing"); json.integer(step.dropped_missing);
            json.key("over_capacity"); json.integer(step.over_capacity);
            json.key("to_another_tier"); json.integer(step.moved);
            json.key("revenue"); json.number(step.dropped_revenue);
            json.close('}');
            json.close('}');
        }
        json.close(']');
        json.key("tier_customers"); json.integer(funnel.tier_customers);
        json.key("kept_by_stay"); json.integer(funnel.stayed);
        json.key("by_override"); json.integer(funnel.forced);
        json.close('}');
    }
    json.key("segments", true); json.open('[');
    for (const SegmentSummary& segment : summary.segments) {
        json.open('{', true);
        json.key("name"); json.text(segment.name);
        json.key("kind"); json.text(kind_name(segment.kind));
        json.key("classes"); json.open('[');
        for (std::size_t c = 0; c < segment.classes.size(); ++c) {
            json.open('{');
            share_fields(json, segment.classes[c]);
            if (segment.kind == SegmentKind::Pareto) {
                json.key("smallest_value"); json.number(segment.smallest_in_class[c]);
            }
            json.close('}');
        }
        json.close(']');
        json.key("missing"); json.integer(segment.missing);
        json.key("by_tier"); json.open('{');
        for (std::size_t c = 0; c < segment.by_tier.size() && c < segment.classes.size(); ++c) {
            json.key(segment.classes[c].id); json.open('{');
            for (std::size_t t = 0; t < segment.by_tier[c].size() && t < summary.tiers.size(); ++t) {
                json.key(summary.tiers[t].row.id); json.integer(segment.by_tier[c][t]);
            }
            json.close('}');
        }
        json.close('}');
        if (segment.kind != SegmentKind::Cases) {
            json.key("value"); json.text(segment.x);
        }
        if (segment.kind == SegmentKind::Grid) {
            json.key("y"); json.text(segment.y);
            json.key("x_split"); json.text(segment.x_split);
            json.key("x_cut"); json.number(segment.x_cut);
            json.key("y_split"); json.text(segment.y_split);
            json.key("y_cut"); json.number(segment.y_cut);
        }
        json.close('}');
    }
    json.close(']');
    json.key("score_histogram", true); json.open('[');
    for (std::size_t b = 0; b < summary.histogram.size(); ++b) {
        json.open('{');
        json.key("from"); json.integer(b * 10);
        json.key("to"); json.integer(b * 10 + 10);
        json.key("customers"); json.integer(summary.histogram[b]);
        json.close('}');
    }
    json.close(']');
    json.key("scores_missing"); json.integer(summary.scores_missing);
    json.key("percentile_cuts", true); json.open('[');
    for (const auto& cut : summary.percentile_cuts) {
        json.open('{');
        json.key("metric"); json.text(cut.metric);
        json.key("value_for_points"); json.open('{');
        for (const auto& [points, value] : cut.value_for_points) {
            json.key(fmt::format("{}", points));
            json.number(value);
        }
        json.close('}');
        json.close('}');
    }
    json.close(']');
    json.key("missing_values", true); json.open('[');
    for (const FieldCompleteness& field : summary.completeness) {
        json.open('{');
        json.key("field"); json.text(field.field);
        json.key("column"); json.text(field.column);
        json.key("missing"); json.integer(field.missing);
        json.key("share"); json.number(field.share);
        json.key("missing_words"); json.integer(field.missing_words);
        json.key("unreadable"); json.integer(field.unreadable);
        json.close('}');
    }
    json.close(']');
    json.close('}');
    return json.take() + '\n';
}

}  // namespace kamscore
