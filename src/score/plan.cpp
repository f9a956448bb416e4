#include "kamscore/score/plan.hpp"

#include <charconv>

#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"
#include "kamscore/table/parse_value.hpp"
#include "score/segment_plan.hpp"

namespace kamscore {
namespace {

/// Compiles expressions and collects their errors as rule-file diagnostics.
class PlanCompiler {
public:
    PlanCompiler(const expr::CompileOptions& options, std::vector<Diagnostic>& diagnostics)
        : options_(options), diagnostics_(diagnostics) {}

    std::optional<expr::Program> compile(const ExpressionText& text, const expr::Scope& scope,
                                         std::optional<Type> expected) {
        expr::CompileResult result = expr::compile(text.text, scope, expected, options_);
        for (const auto& error : result.errors)
            diagnostics_.push_back(diagnostic_in_expression(text, error.offset, error.length, error.message));
        return std::move(result.program);
    }

private:
    const expr::CompileOptions& options_;
    std::vector<Diagnostic>& diagnostics_;
};

Value param_value_from_text(const ParamSpec& param, const std::string& text) {
    auto wrong = [&](std::string_view expected) {
        return Error(ExitCode::BadCommandLine,
                     "--set " + param.name + "=" + text + ": expected " +
                         std::string(expected) + ", like the rule file's value");
    };
    switch (param.value.type) {
    case Type::Number: {
        auto number = parse_number(text, NumberFormat{});
        if (!number) throw wrong("a number");
        return Value::of_number(*number);
    }
    case Type::Bool: {
        auto flag = parse_bool(text, BoolWords{});
        if (!flag) throw wrong("true or false");
        return Value::of_bool(*flag);
    }
    case Type::Date: {
        auto days = parse_date(text);
        if (!days) throw wrong("a date (2024-12-31)");
        return Value::of_date(*days);
    }
    case Type::Text: return Value::of_text(text);
    }
    return param.value;
}

void add_params(const RuleSet& rules, const ParamOverrides& overrides, expr::Scope& scope) {
    std::vector<std::string> names;
    for (const auto& param : rules.params) names.push_back(param.name);
    for (const auto& [name, text] : overrides) {
        bool known = false;
        for (const auto& param : rules.params) known = known || param.name == name;
        if (!known)
            throw Error(ExitCode::BadCommandLine,
                        "--set " + name + ": the rule file has no param '" + name +
                            "'" + did_you_mean(name, names) + "; params are declared under 'params:'");
    }
    for (const auto& param : rules.params) {
        auto given = overrides.find(param.name);
        scope.add_constant(param.name, given == overrides.end() ? param.value
                                                                : param_value_from_text(param, given->second));
    }
}

}  // namespace

const expr::Binding* bare_name_of(const expr::Program& value, std::string_view text, const expr::Scope& scope) {
    if (value.names_read().size() != 1) return nullptr;
    const std::string& name = value.names_read().front();
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return text == name ? scope.find(name) : nullptr;
}

PlanResult build_plan(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                      const expr::CompileOptions& options) {
    PlanResult result;
    ScoringPlan plan;
    plan.rules = &rules;
    PlanCompiler compiler(options, result.diagnostics);
    expr::Scope scope;

    plan.id_slot = frame.add_column("id", Type::Text);
    if (!rules.input.label_column.empty()) plan.label_slot = frame.add_column("label", Type::Text);
    add_params(rules, overrides, scope);
    for (const auto& field : rules.fields) {
        int slot = frame.add_column(field.name, field.type);
        plan.field_slots.push_back(slot);
        scope.add_slot(field.name, field.type, slot);
    }
    // The tier of the --previous results (missing without); a field of that name hides it.
    plan.previous_tier_slot = frame.add_column("previous_tier", Type::Text);
    if (!scope.find("previous_tier")) scope.add_slot("previous_tier", Type::Text, plan.previous_tier_slot);

    // Names computed later are known but unavailable, so a misplaced use gets a reason
    // instead of "unknown name".
    const std::string after_scoring = "is computed after derived values, strategic criteria and metrics";
    scope.add_unavailable("score", Type::Number, "'score' " + after_scoring + "; use it in tiers");
    scope.add_unavailable("strategic", Type::Number,
                          "'strategic' is counted after derived values; use it in metrics or tiers");
    for (const auto& criterion : rules.strategic)
        scope.add_unavailable("strategic." + criterion.id, Type::Bool,
                              "'strategic." + criterion.id + "' is decided after derived values");
    for (const auto& metric : rules.metrics)
        scope.add_unavailable("metric." + metric.id, Type::Number,
                              "'metric." + metric.id + "' is scaled after all rows are read; use it in tiers");
    declare_segments(rules, scope);
    for (const auto& derived : rules.derived)
        scope.add_unavailable(derived.name, Type::Number,
                              "'" + derived.name + "' is defined later; derived values are computed in order");

    for (const auto& derived : rules.derived) {
        auto program = compiler.compile(derived.expression, scope, std::nullopt);
        Type type = program ? program->type() : Type::Number;
        int slot = frame.add_column(derived.name, type);
        scope.add_slot(derived.name, type, slot);
        if (program) plan.derived.push_back({slot, std::move(*program)});
    }

    std::vector<std::pair<std::string, int>> criterion_slots;
    for (const auto& criterion : rules.strategic) {
        auto program = compiler.compile(criterion.when, scope, Type::Bool);
        int slot = frame.add_column("strategic." + criterion.id, Type::Bool);
        criterion_slots.emplace_back("strategic." + criterion.id, slot);
        if (program) plan.strategic.push_back({slot, std::move(*program)});
    }
    plan.strategic_count_slot = frame.add_column("strategic", Type::Number);
    for (const auto& [name, slot] : criterion_slots) scope.add_slot(name, Type::Bool, slot);
    scope.add_slot("strategic", Type::Number, plan.strategic_count_slot);

    for (const auto& metric : rules.metrics) {
        bool categorical = metric.scale.kind == ScaleKind::Map;
        auto program = compiler.compile(metric.value, scope, categorical ? std::nullopt : std::optional(Type::Number));
        Type raw_type = program ? program->type() : Type::Number;
        if (categorical && program && raw_type != Type::Text && raw_type != Type::Bool) {
            result.diagnostics.push_back(diagnostic_in_expression(
                metric.value, 0, metric.value.text.size(),
                "a 'map' scale needs a text or bool value, found " + std::string(type_name(raw_type))));
            program.reset();
        }
        const expr::Binding* named = program ? bare_name_of(*program, metric.value.text, scope) : nullptr;
        const bool raw_is_named_column = named && named->slot >= 0 && named->type == Type::Number && !categorical;
        ScoringPlan::Metric compiled{raw_is_named_column ? named->slot : frame.add_column("raw." + metric.id, raw_type),
                                     frame.add_column("metric." + metric.id, Type::Number),
                                     frame.add_column("points." + metric.id, Type::Number), expr::Program(),
                                     raw_is_named_column};
        if (program) compiled.value = std::move(*program);
        plan.metrics.push_back(std::move(compiled));
    }
    plan.score_slot = frame.add_column("score", Type::Number);
    scope.add_slot("score", Type::Number, plan.score_slot);
    for (std::size_t i = 0; i < rules.metrics.size(); ++i)
        scope.add_slot("metric." + rules.metrics[i].id, Type::Number, plan.metrics[i].scaled_slot);

    compile_segments(rules, frame, scope, options, plan, result.diagnostics);

    for (const auto& tier : rules.tiers) {
        ScoringPlan::Tier compiled;
        if (tier.when) compiled.when = compiler.compile(*tier.when, scope, Type::Bool);
        if (tier.stay) compiled.stay = compiler.compile(*tier.stay, scope, Type::Bool);
        if (tier.max_groups) compiled.capacity_by = compiler.compile(tier.max_groups->by, scope, Type::Text);
        plan.tiers.push_back(std::move(compiled));
    }
    plan.tier_slot = frame.add_column("tier", Type::Text);
    plan.tier_label_slot = frame.add_column("tier_label", Type::Text);
    scope.add_slot("tier", Type::Text, plan.tier_slot);
    scope.add_slot("tier_label", Type::Text, plan.tier_label_slot);
    plan.final_scope = std::move(scope);

    if (result.diagnostics.empty()) result.plan = std::move(plan);
    return result;
}

}  // namespace kamscore
