// `kamscore explain` as text for a terminal and as JSON for machines.

#include "kamscore/explain/render.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "explain/json_out.hpp"
#include "kamscore/output/display_width.hpp"
#include "kamscore/output/json_writer.hpp"

namespace kamscore {
namespace {

/// Numbers in traces: exact, but at most 4 decimals (a score of 76.310344827586 reads 76.3103).
std::string short_number(double value) {
    if (is_missing(value)) return "missing";
    if (!std::isfinite(value)) return value > 0 ? "inf" : "-inf";
    std::string text = format_number_text(value);
    auto point = text.find('.');
    if (point != std::string::npos && text.size() - point - 1 > 4 && text.find('e') == std::string::npos) {
        text = format_number_text(value, 4);
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::string short_value(const Value& value) {
    return !value.missing && value.type == Type::Number ? short_number(value.number) : format_value(value);
}

std::string padded(std::string_view text, std::size_t width) {
    std::string out(text);
    std::size_t shown = display_width(text);
    if (shown < width) out.append(width - shown, ' ');
    return out;
}

std::string_view mark(Bool3 holds) { return holds == bool_true ? "✓" : holds == bool_false ? "✗" : "–"; }

std::string values_text(const std::vector<NamedValue>& values) {
    std::string text;
    for (const auto& [name, value] : values) {
        if (!text.empty()) text += ", ";
        text += name;
        text += " = ";
        text += short_value(value);
    }
    return text;
}

/// The parts of a condition, one per line, marks aligned; a single part stays on one line.
void append_condition(std::string& out, const ConditionTrace& condition, std::string_view indent) {
    std::size_t width = 0;
    for (const auto& term : condition.terms) width = std::max(width, display_width(term.text));
    for (std::size_t i = 0; i < condition.terms.size(); ++i) {
        const ConditionTerm& term = condition.terms[i];
        const std::string joiner = i == 0 ? std::string() : condition.joined_by;
        out += fmt::format("{}{:>3} {} {}", indent, joiner, mark(term.holds), padded(term.text, width));
        if (!term.values.empty()) out += "   " + values_text(term.values);
        if (term.holds == bool_missing) out += "   (missing: does not hold)";
        out += '\n';
    }
}

std::string bound_text(const MetricChange& change) {
    std::string value = short_value(change.to);
    switch (change.bound) {
    case MetricChange::Bound::AtLeast: return "at least " + value;
    case MetricChange::Bound::Above: return "more than " + value;
    case MetricChange::Bound::AtMost: return "at most " + value;
    case MetricChange::Bound::Below: return "less than " + value;
    case MetricChange::Bound::Exactly: return value;
    }
    return value;
}

/// "region 'north'", or "no region" for a customer without a value.
std::string group_text(const TierTrace& tier) {
    return tier.capacity_group_is_missing ? fmt::format("no {}", tier.capacity_by)
                                          : fmt::format("{} '{}'", tier.capacity_by, *tier.capacity_group);
}

std::string capacity_text(const TierTrace& tier) {
    std::string text = fmt::format("capacity {}", *tier.capacity);
    if (tier.capacity_group) text += " of " + group_text(tier);
    if (tier.forced > 0) text += fmt::format(", {} of it held by overrides", tier.forced);
    return text;
}

std::string_view negated(std::string_view op) {
    if (op == ">=") return "<";
    if (op == ">") return "<=";
    if (op == "<=") return ">";
    if (op == "<") return ">=";
    return op == "==" ? "!=" : "==";
}

/// "kept by stay: its when fails (score 49.88 < min_score 60, 10.12 short)", then on a second
/// line what `stay` asks, with its bounds worked out.
std::string stay_text(const StayTrace& stay) {
    std::vector<std::string> failures;
    for (const Comparison& c : stay.gaps) {
        std::string text = fmt::format("{} {} {} {}", c.left, short_number(c.left_value), negated(c.op), c.right);
        if (!c.right_is_literal) text += fmt::format(" {}", short_number(c.right_value));
        if (!is_missing(c.gap)) text += fmt::format(", {} {}", short_number(c.gap), c.op[0] == '>' ? "short" : "over");
        failures.push_back(std::move(text));
    }
    for (const std::string& text : stay.other_failures) failures.push_back(text + " does not hold");
    std::string text = stay.when_fails
                           ? fmt::format("kept by stay: its when fails ({})", fmt::join(failures, "; "))
                           : "kept by stay: the previous run's customers come first, ahead of higher scores";
    return text + "\n        stay holds while " + stay.stay_bound;
}

std::string verdict_text(const TierTrace& tier, const Explanation& explanation) {
    switch (tier.verdict) {
    case TierVerdict::Taken:
        if (!tier.capacity) return tier.when ? "holds: this tier" : "the fallback: this tier";
        return fmt::format("holds: this tier, rank {} of {} candidates for {}", tier.rank, tier.candidates,
                           capacity_text(tier)) + (tier.stay ? ";\n        " + stay_text(*tier.stay) : "");
    case TierVerdict::Stayed:
        return tier.stay ? stay_text(*tier.stay) : "no longer holds, but 'stay' keeps the customer from the previous run";
    case TierVerdict::Failed: return "does not hold";
    case TierVerdict::OverCapacity:
        if (tier.capacity_group && *tier.capacity == 0)
            return fmt::format("holds: would be {}, but {} has no seats", tier.label, group_text(tier));
        // Two lines: a terminal line stays readable.
        return fmt::format("holds: would be {}, but {} is taken by higher scores\n"
                           "        (lowest taken: {}, {}; this customer ranks {} of {} candidates)",
                           tier.label, capacity_text(tier), format_number_text(tier.lowest_taken, 2),
                           tier.lowest_taken_id, tier.rank, tier.candidates);
    case TierVerdict::Forced: {
        const OverrideTrace& by = *explanation.override_applied;
        std::string text = "set by override";
        if (!by.reason.empty()) text += ": " + by.reason;
        if (!by.owner.empty()) text += " (" + by.owner + ")";
        if (!by.expires.empty()) text += ", until " + by.expires;
        return text;
    }
    case TierVerdict::Skipped: return "not decided by the rules: an override sets the tier";
    case TierVerdict::NotReached: return "not reached";
    }
    return "";
}

void append_metrics(std::string& out, const Explanation& explanation) {
    std::vector<std::array<std::string, 6>> rows{{"metric", "value", "scale", "scaled", "weight", "points"}};
    for (const MetricTrace& metric : explanation.metrics)
        rows.push_back({metric.id, short_value(metric.raw), metric.scale,
                        metric.skipped ? "skipped" : format_number_text(metric.scaled, 2), short_number(metric.weight),
                        metric.skipped ? "-" : format_number_text(metric.points, 2)});
    rows.push_back({"", "", "", "", "score", format_number_text(explanation.score, 2)});
    std::array<std::size_t, 6> width{};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
    for (const auto& row : rows) {
        std::string line = "    ";
        for (std::size_t c = 0; c < row.size(); ++c) {
            bool right = c >= 3;   // numbers to the right
            std::string cell = right ? std::string(width[c] - display_width(row[c]), ' ') + row[c] : padded(row[c], width[c]);
            line += cell;
            line += c + 1 < row.size() ? "  " : "";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
}

void append_lift(std::string& out, const Explanation& explanation) {
    const Lift& lift = explanation.lift;
    if (lift.target.empty()) {
        // The rules alone give the best tier; an override that set another one holds the
        // customer below it, which "none, ... is the best" would hide.
        if (const auto& by = explanation.override_applied; by && by->tier != by->formula_tier)
            out += fmt::format("  Next better tier: the override holds the customer in {}; by the rules alone it "
                               "would be {}, the best tier\n",
                               by->tier, by->formula_tier);
        else
            out += fmt::format("  Next better tier: none, {} is the best\n", explanation.tier);
        return;
    }
    if (explanation.override_applied)
        out += fmt::format("  By the rules alone ({}), to reach {} ({}), one metric alone:\n",
                           explanation.override_applied->formula_tier, lift.target, lift.target_label);
    else
        out += fmt::format("  To reach {} ({}), one metric alone:\n", lift.target, lift.target_label);
    if (lift.changes.empty()) {
        out += "    no single metric can do it";
        // A customer's answer is said in words; other failing parts keep the expression.
        std::vector<std::string> answers, expressions;
        for (std::size_t i = 0; i < lift.blockers.size(); ++i) {
            const bool has_reason = i < lift.blocker_reasons.size() && !lift.blocker_reasons[i].empty();
            (has_reason ? answers : expressions).push_back(has_reason ? lift.blocker_reasons[i] : lift.blockers[i]);
        }
        if (!answers.empty()) out += fmt::format(": {}", fmt::join(answers, "; "));
        if (!expressions.empty())
            out += fmt::format("{} even with full points, {} does not hold", answers.empty() ? ":" : ";",
                               fmt::join(expressions, " and "));
        if (lift.blockers.empty()) out += " (only several together)";
        out += '\n';
        return;
    }
    std::size_t width = 0;
    for (const auto& change : lift.changes) width = std::max(width, display_width(change.metric));
    for (const auto& change : lift.changes) {
        out += fmt::format("    {}  {} → {}   (scaled {} → {}, score {} → {}{})\n", padded(change.metric, width),
                           short_value(change.from), bound_text(change), format_number_text(change.scaled_from, 2),
                           format_number_text(change.scaled_to, 2), format_number_text(explanation.score, 2),
                           format_number_text(change.score_to, 2),
                           change.tier == lift.target ? "" : ", lands in " + change.tier);
    }
}

}  // namespace

std::string render_explanation_text(const Explanation& explanation) {
    std::string out = explanation.label.empty() ? explanation.id + '\n' : explanation.id + "  " + explanation.label + '\n';
    out += fmt::format("  {} ({}), score {}\n", explanation.tier, explanation.tier_label,
                       format_number_text(explanation.score, 2));
    if (explanation.override_applied)
        out += fmt::format("  override: {} instead of {}\n", explanation.override_applied->tier,
                           explanation.override_applied->formula_tier);
    if (!explanation.segments.empty()) {
        std::vector<std::string> parts;
        for (const auto& [name, value] : explanation.segments) parts.push_back(name + " " + (value.empty() ? "-" : value));
        out += fmt::format("  segments: {}\n", fmt::join(parts, ", "));
    }
    if (!explanation.members.empty())
        out += fmt::format("  members ({}): {}\n", explanation.members.size(), fmt::join(explanation.members, ", "));

    out += fmt::format("\n  Strategic criteria: {} of {} met\n", explanation.strategic_met, explanation.strategic.size());
    for (const auto& criterion : explanation.strategic) {
        out += fmt::format("    {} {}: {}\n", mark(criterion.when.holds), criterion.id, criterion.label);
        append_condition(out, criterion.when, "      ");
    }

    out += "\n  Metrics: value → scaled (0..100) × weight → points\n";
    append_metrics(out, explanation);

    out += "\n  Tiers, in order (the first that holds wins):\n";
    for (const auto& tier : explanation.tiers) {
        bool is_final = tier.verdict == TierVerdict::Taken || tier.verdict == TierVerdict::Forced ||
                        tier.verdict == TierVerdict::Stayed;
        std::string_view sign = is_final ? "→" : tier.verdict == TierVerdict::NotReached ||
                                                     tier.verdict == TierVerdict::Skipped ? "·" : "✗";
        out += fmt::format("    {} {} ({}): {}\n", sign, tier.id, tier.label, verdict_text(tier, explanation));
        if (tier.when) append_condition(out, *tier.when, "      ");
    }
    out += '\n';
    append_lift(out, explanation);
    return out;
}

namespace {

void json_condition(JsonOut& json, const ConditionTrace& condition) {
    json.open('{');
    json.key("expression"); json.text(condition.text);
    json.key("holds"); json.boolean(condition.holds);
    json.key("joined_by"); json.text(condition.joined_by);
    json.key("terms"); json.open('[');
    for (const auto& term : condition.terms) {
        json.open('{');
        json.key("expression"); json.text(term.text);
        json.key("holds"); json.boolean(term.holds);
        json.key("values"); json.open('{');
        for (const auto& [name, value] : term.values) {
            json.key(name);
            json.value(value);
        }
        json.close('}');
        json.close('}');
    }
    json.close(']');
    json.close('}');
}

/// "kept_by_stay": why `stay` holds the customer, only on the tier that holds it.
void json_stay(JsonOut& json, const StayTrace& stay) {
    json.key("kept_by_stay"); json.open('{');
    json.key("when_fails"); json.boolean(stay.when_fails ? bool_true : bool_false);
    json.key("when_gaps"); json.open('[');
    for (const Comparison& c : stay.gaps) {
        json.open('{');
        json.key("expression"); json.text(c.text);
        json.key("left"); json.text(c.left);
        json.key("left_value"); json.number(c.left_value);
        json.key("op"); json.text(c.op);
        json.key("right"); json.text(c.right);
        json.key("right_value"); json.number(c.right_value);
        json.key("gap"); json.number(c.gap);
        json.close('}');
    }
    json.close(']');
    json.key("when_other_failures"); json.open('[');
    for (const std::string& text : stay.other_failures) json.text(text);
    json.close(']');
    json.key("stay"); json_condition(json, stay.stay);
    json.key("stay_bound"); json.text(stay.stay_bound);
    json.close('}');
}

std::string_view verdict_name(TierVerdict verdict) {
    switch (verdict) {
    case TierVerdict::Taken: return "taken";
    case TierVerdict::Failed: return "failed";
    case TierVerdict::OverCapacity: return "over_capacity";
    case TierVerdict::Forced: return "override";
    case TierVerdict::Stayed: return "stayed";
    case TierVerdict::Skipped: return "skipped";
    case TierVerdict::NotReached: return "not_reached";
    }
    return "";
}

std::string_view bound_name(MetricChange::Bound bound) {
    switch (bound) {
    case MetricChange::Bound::AtLeast: return "at_least";
    case MetricChange::Bound::Above: return "above";
    case MetricChange::Bound::AtMost: return "at_most";
    case MetricChange::Bound::Below: return "below";
    case MetricChange::Bound::Exactly: return "exactly";
    }
    return "";
}

void json_explanation(JsonOut& json, const Explanation& e) {
    json.open('{');
    json.key("id"); json.text(e.id);
    json.key("label"); json.text(e.label);
    json.key("tier"); json.text(e.tier);
    json.key("tier_label"); json.text(e.tier_label);
    json.key("score"); json.number(e.score);
    json.key("strategic_met"); json.number(static_cast<double>(e.strategic_met));
    if (!e.members.empty()) {
        json.key("members"); json.open('[');
        for (const auto& member : e.members) json.text(member);
        json.close(']');
    }
    json.key("override");
    if (e.override_applied) {
        const OverrideTrace& o = *e.override_applied;
        json.open('{');
        json.key("tier"); json.text(o.tier);
        json.key("reason"); json.text(o.reason);
        json.key("owner"); json.text(o.owner);
        json.key("expires"); if (o.expires.empty()) json.value(Value::missing_of(Type::Text)); else json.text(o.expires);
        json.key("rules_tier"); json.text(o.formula_tier);
        json.close('}');
    } else {
        json.value(Value::missing_of(Type::Text));
    }
    json.key("segments"); json.open('{');
    for (const auto& [name, value] : e.segments) {
        json.key(name);
        if (value.empty()) json.value(Value::missing_of(Type::Text)); else json.text(value);
    }
    json.close('}');
    json.key("strategic"); json.open('[');
    for (const auto& criterion : e.strategic) {
        json.open('{');
        json.key("id"); json.text(criterion.id);
        json.key("label"); json.text(criterion.label);
        json.key("held"); json.boolean(criterion.when.holds == bool_true ? bool_true : bool_false);
        json.key("when"); json_condition(json, criterion.when);
        json.close('}');
    }
    json.close(']');
    json.key("metrics"); json.open('[');
    for (const auto& metric : e.metrics) {
        json.open('{');
        json.key("id"); json.text(metric.id);
        json.key("label"); json.text(metric.label);
        json.key("raw"); json.value(metric.raw);
        json.key("scale"); json.text(metric.scale);
        json.key("scaled"); json.number(metric.scaled);
        json.key("weight"); json.number(metric.weight);
        json.key("points"); json.number(metric.points);
        json.key("skipped"); json.boolean(metric.skipped ? bool_true : bool_false);
        json.close('}');
    }
    json.close(']');
    json.key("tiers"); json.open('[');
    for (const auto& tier : e.tiers) {
        json.open('{');
        json.key("id"); json.text(tier.id);
        json.key("label"); json.text(tier.label);
        json.key("verdict"); json.text(verdict_name(tier.verdict));
        json.key("when");
        if (tier.when) json_condition(json, *tier.when); else json.value(Value::missing_of(Type::Text));
        if (tier.capacity) {
            json.key("capacity"); json.number(static_cast<double>(*tier.capacity));
            if (tier.capacity_group) {
                json.key("capacity_group"); json.open('{');
                json.key("by"); json.text(tier.capacity_by);
                json.key("value");
                if (tier.capacity_group_is_missing) json.value(Value::missing_of(Type::Text));
                else json.text(*tier.capacity_group);
                json.close('}');
            }
            json.key("candidates"); json.number(static_cast<double>(tier.candidates));
            json.key("rank"); json.number(tier.rank ? static_cast<double>(tier.rank) : missing_number);
            json.key("held_by_overrides"); json.number(static_cast<double>(tier.forced));
            json.key("lowest_taken"); json.open('{');
            json.key("id"); json.text(tier.lowest_taken_id);
            json.key("score"); json.number(tier.lowest_taken);
            json.close('}');
        }
        if (tier.stay) json_stay(json, *tier.stay);
        json.close('}');
    }
    json.close(']');
    json.key("next_tier");
    if (e.lift.target.empty()) {
        json.value(Value::missing_of(Type::Text));
    } else {
        json.open('{');
        json.key("id"); json.text(e.lift.target);
        json.key("label"); json.text(e.lift.target_label);
        json.key("single_metric_changes"); json.open('[');
        for (const auto& change : e.lift.changes) {
            json.open('{');
            json.key("metric"); json.text(change.metric);
            json.key("from"); json.value(change.from);
            json.key("bound"); json.text(bound_name(change.bound));
            json.key("to"); json.value(change.to);
            json.key("scaled_from"); json.number(change.scaled_from);
            json.key("scaled_to"); json.number(change.scaled_to);
            json.key("score_to"); json.number(change.score_to);
            json.key("lands_in"); json.text(change.tier);
            json.close('}');
        }
        json.close(']');
        json.key("blocked_by"); json.open('[');
        for (const auto& blocker : e.lift.blockers) json.text(blocker);
        json.close(']');
        json.close('}');
    }
    json.close('}');
}

}  // namespace

std::string render_explanations_json(const std::vector<Explanation>& explanations) {
    std::string out = "[";
    for (std::size_t i = 0; i < explanations.size(); ++i) {
        JsonOut json;
        json_explanation(json, explanations[i]);
        out += i ? ",\n" : "\n";
        out += json.take();
    }
    out += "\n]\n";
    return out;
}

}  // namespace kamscore
