#include "kamscore/run/result_view.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kamscore/classify/classify.hpp"
#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"
#include "kamscore/expr/lexer.hpp"

namespace kamscore {

ColumnsChoice parse_columns_option(const std::vector<std::string>& arguments) {
    ColumnsChoice choice;
    std::vector<std::string> items;
    for (const std::string& argument : arguments) {
        for (std::size_t start = 0;;) {
            const std::size_t comma = argument.find(',', start);
            items.push_back(argument.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    // `--columns ''` alone: none of the rule file's output values.
    if (items.empty() || (items.size() == 1 && items.front().empty())) return choice;
    std::size_t added = 0;
    for (const std::string& item : items) {
        std::string_view text = item;
        if (!text.empty() && text.front() == '+') {
            ++added;
            text.remove_prefix(1);
        }
        OutputValueSpec value;
        const std::size_t colon = text.find(':');
        value.name = std::string(text.substr(0, colon));
        if (value.name.empty())
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--columns: '{}' names no column: expected NAME or NAME:DECIMALS, "
                                    "e.g. --columns share_of_wallet,clv:0",
                                    item));
        if (colon != std::string_view::npos) {
            const std::string_view digits = text.substr(colon + 1);
            int decimals = -1;
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), decimals);
            if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || decimals < 0 ||
                decimals > 15)
                throw Error(ExitCode::BadCommandLine,
                            fmt::format("--columns: '{}': expected a whole number of decimals from 0 to 15 after ':'",
                                        item));
            value.decimals = decimals;
        }
        choice.values.push_back(std::move(value));
    }
    if (added != 0 && added != items.size())
        throw Error(ExitCode::BadCommandLine,
                    "--columns: write '+' before every name to add columns to the rule file's 'output:', "
                    "or before none to replace them");
    choice.add = added != 0;
    return choice;
}

std::vector<OutputValueSpec> output_values_chosen(const RuleSet& rules, const ColumnsChoice& choice) {
    std::vector<OutputValueSpec> values = choice.add ? rules.output : std::vector<OutputValueSpec>{};
    for (const OutputValueSpec& value : choice.values) {
        const std::string problem = output_name_problem(rules, value.name);
        if (!problem.empty()) throw Error(ExitCode::BadCommandLine, "--columns: " + problem);
        const bool is_repeated = std::any_of(values.begin(), values.end(),
                                             [&](const OutputValueSpec& earlier) { return earlier.name == value.name; });
        if (is_repeated)
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--columns: '{}' is already an output column{}", value.name,
                                    choice.add ? " (the rule file's 'output:' has it)" : ""));
        values.push_back(value);
    }
    return values;
}

int output_value_slot(const ScoringPlan& plan, std::string_view name) {
    const RuleSet& rules = *plan.rules;
    for (std::size_t f = 0; f < rules.fields.size(); ++f)
        if (rules.fields[f].name == name) return plan.field_slots[f];
    for (std::size_t d = 0; d < rules.derived.size(); ++d)
        if (rules.derived[d].name == name) return plan.derived[d].slot;
    throw Error(ExitCode::BadRules, fmt::format("output: '{}' is no field or derived value", name));
}

std::vector<OutputColumn> result_columns(const ScoringPlan& plan, const Frame& frame, bool breakdown) {
    const RuleSet& rules = *plan.rules;
    auto column = [&](int slot) { return &frame.columns[slot]; };
    std::vector<OutputColumn> columns;
    columns.push_back({rules.input.id_column, {}, column(plan.id_slot), -1, true});
    if (plan.label_slot >= 0) columns.push_back({rules.input.label_column, {}, column(plan.label_slot), -1, true});
    columns.push_back({"tier", {}, column(plan.tier_slot), -1, true});
    columns.push_back({"tier_label", {}, column(plan.tier_label_slot), -1, true});
    if (plan.change_slot >= 0) {   // --previous
        columns.push_back({"previous_tier", {}, column(plan.previous_tier_slot), -1, true});
        columns.push_back({"change", {}, column(plan.change_slot), -1, true});
    }
    columns.push_back({"score", {}, column(plan.score_slot), 2, true});
    columns.push_back({"strategic_met", {}, column(plan.strategic_count_slot), 0, true});
    for (std::size_t m = 0; m < rules.metrics.size(); ++m) {
        const std::string& id = rules.metrics[m].id;
        columns.push_back({id + "_score", {"metrics", id, "score"}, column(plan.metrics[m].scaled_slot), 2, true});
    }
    for (std::size_t s = 0; s < rules.segments.size(); ++s) {
        const std::string& name = rules.segments[s].name;
        columns.push_back({name, {"segments", name}, column(plan.segments[s].slot), -1, true});
    }
    if (plan.override_slot >= 0) columns.push_back({"override", {}, column(plan.override_slot), -1, true});
    if (plan.members_slot >= 0) columns.push_back({"members", {}, column(plan.members_slot), -1, true});
    for (std::size_t m = 0; m < rules.metrics.size(); ++m) {
        const std::string& id = rules.metrics[m].id;
        columns.push_back({id + "_raw", {"metrics", id, "raw"}, column(plan.metrics[m].raw_slot), -1, breakdown});
        columns.push_back({id + "_points", {"metrics", id, "points"}, column(plan.metrics[m].points_slot), 2, breakdown});
    }
    for (std::size_t s = 0; s < rules.strategic.size(); ++s) {
        const std::string& id = rules.strategic[s].id;
        columns.push_back({"strategic_" + id, {"strategic", id}, column(plan.strategic[s].slot), -1, breakdown});
    }
    for (const OutputValueSpec& value : rules.output)
        columns.push_back({value.name, {"values", value.name}, column(output_value_slot(plan, value.name)),
                           value.decimals, true});
    return columns;
}

std::vector<OutputColumn> written_columns(const ScoringPlan& plan, const Frame& frame, bool breakdown, Format format) {
    std::vector<OutputColumn> columns = result_columns(plan, frame, breakdown);
    if (format != Format::Json && format != Format::Jsonl)
        std::erase_if(columns, [](const OutputColumn& column) { return !column.in_flat_output; });
    // The terminal table is read, not imported: there the empty previous_tier and change of a
    // run without --previous would only push the score off the screen.
    if (format == Format::Table && plan.change_slot >= 0) {
        const auto& change = frame.columns[plan.change_slot].texts;
        if (std::none_of(change.begin(), change.end(), [](std::string_view text) { return text.data() != nullptr; }))
            std::erase_if(columns, [&](const OutputColumn& column) {
                return column.column == &frame.columns[plan.change_slot] ||
                       column.column == &frame.columns[plan.previous_tier_slot];
            });
    }
    return columns;
}

std::vector<OutputColumn> written_columns(const ScoringPlan& plan, const Frame& frame, const ResultSelection& selection,
                                          Format format) {
    if (selection.columns.empty()) return written_columns(plan, frame, selection.breakdown, format);
    const std::vector<OutputColumn> every = result_columns(plan, frame, true);
    std::vector<OutputColumn> columns;
    for (const std::string& name : selection.columns) {
        const auto named = [&](const OutputColumn& column) { return column.name == name; };
        const auto found = std::find_if(every.begin(), every.end(), named);
        if (found == every.end()) {
            std::vector<std::string> names;
            for (const OutputColumn& column : every) names.push_back(column.name);
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--select: '{}' is no output column{}; the output columns are: {} (an input "
                                    "column is passed through with --keep, after them)",
                                    name, did_you_mean(name, names), fmt::join(names, ", ")));
        }
        if (std::any_of(columns.begin(), columns.end(), named))
            throw Error(ExitCode::BadCommandLine, fmt::format("--select: '{}' is named twice", name));
        columns.push_back(*found);
        columns.back().in_flat_output = true;   // asked for by name: written in every format
    }
    return columns;
}

namespace {

/// A column name an expression can spell ("Umsatz 2025" cannot: no expression names it).
bool is_expression_name(std::string_view name) {
    if (name.empty() || !expr::is_name_start(name.front())) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return expr::is_name_char(c) || c == '.'; });
}

/// The names --where knows: those of the tiers' conditions, and every output column by the
/// name it is written under (the id and label columns, `portfolio` for segment.portfolio,
/// `revenue_score`, `strategic_met`, ...), unless a field or another name of the rules has
/// it already.
expr::Scope where_scope(const ScoringPlan& plan, const Frame& frame) {
    expr::Scope scope = plan.final_scope;
    for (const OutputColumn& column : result_columns(plan, frame, true))
        if (is_expression_name(column.name) && !scope.find(column.name))
            scope.add_slot(column.name, column.column->type, static_cast<int>(column.column - frame.columns.data()));
    return scope;
}

}  // namespace

std::vector<int> slots_read_by_output(const ScoringPlan& plan, const Frame& frame, const ResultSelection& selection,
                                      Format format, const expr::CompileOptions& options) {
    std::vector<int> slots;
    for (const OutputColumn& column : written_columns(plan, frame, selection, format))
        slots.push_back(static_cast<int>(column.column - frame.columns.data()));
    if (!selection.where.empty()) {
        expr::CompileResult compiled = expr::compile(selection.where, where_scope(plan, frame), Type::Bool, options);
        if (compiled.program) slots.insert(slots.end(), compiled.program->slots_read().begin(), compiled.program->slots_read().end());
    }
    return slots;
}

std::vector<std::uint32_t> select_rows(const ScoringPlan& plan, Frame& frame, const ResultSelection& selection,
                                       const expr::CompileOptions& options) {
    std::vector<std::uint32_t> rows;
    rows.reserve(frame.rows);
    if (selection.where.empty()) {
        rows.resize(frame.rows);
        std::iota(rows.begin(), rows.end(), 0u);
    } else {
        expr::CompileResult compiled = expr::compile(selection.where, where_scope(plan, frame), Type::Bool, options);
        if (!compiled.program) {
            // The first error, with a caret under the expression (later ones often follow from it).
            const auto& error = compiled.errors.front();
            throw Error(ExitCode::BadCommandLine,
                        "--where: " + error.message + "\n    " + selection.where + "\n    " + std::string(error.offset, ' ') +
                            "^" + std::string(error.length > 1 ? error.length - 1 : 0, '~'));
        }
        Column keep(Type::Bool);
        keep.resize(frame.rows);
        compiled.program->run(frame, 0, frame.rows, keep, frame.arena);
        for (std::uint32_t row = 0; row < frame.rows; ++row)
            if (keep.bools[row] == bool_true) rows.push_back(row);
    }

    const auto& score = frame.columns[plan.score_slot].numbers;
    const auto& id = frame.columns[plan.id_slot].texts;
    auto by_score = [&](std::uint32_t a, std::uint32_t b) {
        double sa = is_missing(score[a]) ? -1.0 : score[a], sb = is_missing(score[b]) ? -1.0 : score[b];
        return sa != sb ? sa > sb : id[a] < id[b];
    };
    if (selection.sort == SortOrder::Score) {
        std::stable_sort(rows.begin(), rows.end(), by_score);
    } else if (selection.sort == SortOrder::Tier) {
        std::vector<std::uint16_t> tier = tier_indices(plan, frame);
        std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
            return tier[a] != tier[b] ? tier[a] < tier[b] : by_score(a, b);
        });
    }
    if (selection.top && rows.size() > *selection.top) rows.resize(*selection.top);
    return rows;
}

}  // namespace kamscore
