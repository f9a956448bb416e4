#include "kamscore/score/group_rollup.hpp"

#include <algorithm>
#include <string_view>

namespace kamscore {
namespace {

struct Accumulator {
    double sum = 0;
    double best = missing_number;   ///< max, min, first (numbers)
    std::size_t count = 0;
    bool any_true = false, any_false = false;
    std::string_view first_text;
};

double combined_number(Aggregate aggregate, const Accumulator& a) {
    if (a.count == 0) return missing_number;
    switch (aggregate) {
    case Aggregate::Sum: return a.sum;
    case Aggregate::Mean: return a.sum / static_cast<double>(a.count);
    default: return a.best;
    }
}

Bool3 combined_bool(Aggregate aggregate, const Accumulator& a) {
    if (!a.any_true && !a.any_false) return bool_missing;
    if (aggregate == Aggregate::All) return a.any_false ? bool_false : bool_true;
    if (aggregate == Aggregate::Any) return a.any_true ? bool_true : bool_false;
    return a.any_true ? bool_true : bool_false;   // first: set once, below
}

/// Distinct non-missing values per group, counted on (group, value) pairs sorted once.
template <class Value>
std::vector<double> count_pairs(std::vector<std::pair<std::uint32_t, Value>> pairs, std::size_t groups) {
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::vector<double> counts(groups, 0.0);
    for (const auto& pair : pairs) counts[pair.first] += 1;
    return counts;
}

std::vector<double> count_distinct(const Column& column, const std::vector<std::uint32_t>& group_of, std::size_t groups) {
    if (column.type == Type::Text) {
        std::vector<std::pair<std::uint32_t, std::string_view>> pairs;
        for (std::size_t row = 0; row < group_of.size(); ++row)
            if (!column.is_missing_at(row)) pairs.emplace_back(group_of[row], column.texts[row]);
        return count_pairs(std::move(pairs), groups);
    }
    std::vector<std::pair<std::uint32_t, double>> pairs;
    for (std::size_t row = 0; row < group_of.size(); ++row) {
        if (column.is_missing_at(row)) continue;
        double value = column.type == Type::Bool ? column.bools[row] : column.numbers[row];
        pairs.emplace_back(group_of[row], value == 0 ? 0.0 : value);   // -0 is 0
    }
    return count_pairs(std::move(pairs), groups);
}

void roll_up_field(const FieldSpec& field, const Column& member, const std::vector<std::uint32_t>& group_of,
                   Column& out, TextArena& arena) {
    const std::size_t groups = out.size();
    if (field.aggregate == Aggregate::CountDistinct) {
        out.numbers = count_distinct(member, group_of, groups);
        return;
    }
    std::vector<Accumulator> acc(groups);
    for (std::size_t row = 0; row < group_of.size(); ++row) {
        if (member.is_missing_at(row)) continue;
        Accumulator& a = acc[group_of[row]];
        const bool is_first = a.count == 0;
        ++a.count;
        switch (member.type) {
        case Type::Text:
            if (is_first) a.first_text = member.texts[row];
            break;
        case Type::Bool:
            if (field.aggregate == Aggregate::First && !is_first) break;
            (member.bools[row] ? a.any_true : a.any_false) = true;
            break;
        case Type::Number:
        case Type::Date: {
            const double value = member.numbers[row];
            a.sum += value;
            if (is_first || (field.aggregate == Aggregate::Max && value > a.best) ||
                (field.aggregate == Aggregate::Min && value < a.best))
                a.best = value;
        }
        }
    }
    for (std::size_t g = 0; g < groups; ++g) {
        switch (out.type) {
        case Type::Text:
            out.texts[g] = acc[g].count ? arena.store(acc[g].first_text) : std::string_view();
            break;
        case Type::Bool: out.bools[g] = combined_bool(field.aggregate, acc[g]); break;
        default: out.numbers[g] = combined_number(field.aggregate, acc[g]);
        }
    }
}

}  // namespace

void lay_out_members(const RuleSet& rules, Frame& members, MemberLayout& layout) {
    layout.rules.path = rules.path;
    layout.rules.input = rules.input;
    layout.rules.fields = rules.fields;
    for (FieldSpec& field : layout.rules.fields) field.type = field.column_type;
    FieldSpec group;
    group.name = "input.group";
    group.column = rules.input.group_column;
    group.type = group.column_type = Type::Text;
    group.location = group.column_location = rules.input.group_location;
    group.missing_words.emplace();   // a group id is an id: input.missing_words never blank it out
    layout.rules.fields.push_back(group);

    ScoringPlan& plan = layout.plan;
    plan.rules = &layout.rules;
    plan.id_slot = members.add_column("id", Type::Text);
    if (!rules.input.label_column.empty()) plan.label_slot = members.add_column("label", Type::Text);
    for (const FieldSpec& field : layout.rules.fields) plan.field_slots.push_back(members.add_column(field.name, field.type));
    layout.group_slot = plan.field_slots.back();
}

GroupRollup roll_up(const ScoringPlan& plan, const MemberLayout& layout, const Frame& members, Frame& groups) {
    GroupRollup rollup;
    const auto& member_ids = members.columns[layout.plan.id_slot].texts;
    const auto& group_ids = members.columns[layout.group_slot].texts;
    std::unordered_map<std::string_view, std::uint32_t> index;
    std::vector<std::uint32_t> group_of(members.rows);
    std::vector<std::string_view> ids;
    for (std::size_t row = 0; row < members.rows; ++row) {
        std::string_view key = group_ids[row].empty() ? member_ids[row] : group_ids[row];
        auto [at, is_new] = index.emplace(key, static_cast<std::uint32_t>(ids.size()));
        if (is_new) {
            ids.push_back(key);
            rollup.members.emplace_back();
        }
        group_of[row] = at->second;
        rollup.members[at->second].push_back(static_cast<std::uint32_t>(row));
        if (key != member_ids[row]) rollup.group_of_member.emplace(member_ids[row], key);
    }

    groups.rows = ids.size();
    for (Column& column : groups.columns) column.resize(groups.rows);
    for (std::size_t g = 0; g < ids.size(); ++g) groups.columns[plan.id_slot].texts[g] = groups.arena.store(ids[g]);
    if (plan.label_slot >= 0) {
        const auto& labels = members.columns[layout.plan.label_slot].texts;
        for (std::size_t g = 0; g < ids.size(); ++g) {
            std::uint32_t from = rollup.members[g].front();
            for (std::uint32_t row : rollup.members[g])
                if (member_ids[row] == ids[g]) from = row;
            groups.columns[plan.label_slot].texts[g] =
                labels[from].data() ? groups.arena.store(labels[from]) : std::string_view();
        }
    }
    const auto& fields = plan.rules->fields;
    for (std::size_t f = 0; f < fields.size(); ++f)
        roll_up_field(fields[f], members.columns[layout.plan.field_slots[f]], group_of,
                      groups.columns[plan.field_slots[f]], groups.arena);
    return rollup;
}

void fill_member_ids(const GroupRollup& rollup, const MemberLayout& layout, const Frame& members, Frame& groups,
                     int slot) {
    const auto& member_ids = members.columns[layout.plan.id_slot].texts;
    auto& out = groups.columns[static_cast<std::size_t>(slot)].texts;
    out.assign(groups.rows, std::string_view());
    std::string joined;
    for (std::size_t g = 0; g < rollup.members.size(); ++g) {
        joined.clear();
        for (std::uint32_t row : rollup.members[g]) {
            if (!joined.empty()) joined += ';';
            joined += member_ids[row];
        }
        out[g] = groups.arena.store(joined);
    }
}

}  // namespace kamscore
