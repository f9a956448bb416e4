// The built-in functions: arity and argument types checked at compile time, then lowered
// to the same kernels as the operators.
#include <fmt/format.h>

#include "compiler.hpp"
#include "kamscore/edit_distance.hpp"

namespace kamscore::expr {

namespace {

enum class Function {
    Min, Max, Abs, Round, Floor, Ceil, Log, Exp, Pow, Sqrt, Clamp, If, Coalesce, IsMissing, DaysSince, Year, Lower, Upper, Contains,
    StartsWith,
};

struct FunctionInfo {
    std::string_view name;
    Function id;
    int min_arguments;
    int max_arguments;   ///< -1: no limit
};

constexpr FunctionInfo function_table[] = {
    {"min", Function::Min, 2, -1},
    {"max", Function::Max, 2, -1},
    {"abs", Function::Abs, 1, 1},
    {"round", Function::Round, 1, 2},
    {"floor", Function::Floor, 1, 1},
    {"ceil", Function::Ceil, 1, 1},
    {"log", Function::Log, 1, 2},
    {"exp", Function::Exp, 1, 1},
    {"pow", Function::Pow, 2, 2},
    {"sqrt", Function::Sqrt, 1, 1},
    {"clamp", Function::Clamp, 3, 3},
    {"if", Function::If, 3, 3},
    {"coalesce", Function::Coalesce, 2, -1},
    {"is_missing", Function::IsMissing, 1, 1},
    {"days_since", Function::DaysSince, 1, 1},
    {"year", Function::Year, 1, 1},
    {"lower", Function::Lower, 1, 1},
    {"upper", Function::Upper, 1, 1},
    {"contains", Function::Contains, 2, 2},
    {"starts_with", Function::StartsWith, 2, 2},
};

const FunctionInfo* find_function(std::string_view name) {
    for (const FunctionInfo& info : function_table)
        if (info.name == name) return &info;
    return nullptr;
}

std::string arity_message(const FunctionInfo& info, std::size_t found) {
    auto arguments = [](int count) { return fmt::format("{} argument{}", count, count == 1 ? "" : "s"); };
    if (info.max_arguments < 0)
        return fmt::format("'{}' takes at least {}, found {}", info.name, arguments(info.min_arguments), found);
    if (info.min_arguments == info.max_arguments)
        return fmt::format("'{}' takes {}, found {}", info.name, arguments(info.min_arguments), found);
    return fmt::format("'{}' takes {} or {} arguments, found {}", info.name, info.min_arguments, info.max_arguments,
                       found);
}

std::string_view needed(Type type) {
    switch (type) {
    case Type::Number: return "a number";
    case Type::Bool: return "a condition (bool)";
    case Type::Text: return "text";
    case Type::Date: return "a date";
    }
    return "";
}

}  // namespace

const std::vector<std::string>& function_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const FunctionInfo& info : function_table) all.emplace_back(info.name);
        return all;
    }();
    return names;
}

Operand Compiler::argument(const Node& call, int index, const Operand& operand, Type type) {
    if (operand.is_error()) return operand;
    Operand resolved = resolve(operand, type);
    if (resolved.value_type() == type) return resolved;
    const Node& node = child(call, index);
    return error(node.offset, node.length,
                 fmt::format("'{}' needs {}, found {}", call.text, needed(type), type_name(resolved.value_type())));
}

Operand Compiler::compile_call(const Node& node) {
    std::vector<Operand> arguments;
    for (int child_index : ast_.children_of(node)) arguments.push_back(compile(child_index));
    const FunctionInfo* info = find_function(node.text);
    if (!info)
        return error(node.op_offset, node.op_length,
                     fmt::format("unknown function '{}'{}", node.text, did_you_mean(node.text, function_names())));
    std::size_t count = arguments.size();
    if (count < static_cast<std::size_t>(info->min_arguments) ||
        (info->max_arguments >= 0 && count > static_cast<std::size_t>(info->max_arguments)))
        return error(node.op_offset, node.op_length, arity_message(*info, count));

    auto typed = [&](Type type) {
        bool ok = true;
        for (std::size_t i = 0; i < count; ++i) {
            arguments[i] = argument(node, static_cast<int>(i), arguments[i], type);
            ok = ok && !arguments[i].is_error();
        }
        return ok;
    };
    constexpr auto number = StaticType::Number;
    switch (info->id) {
    case Function::Min:
    case Function::Max: {
        if (!typed(Type::Number)) return Operand{};
        Operand result = arguments[0];
        for (std::size_t i = 1; i < count; ++i)
            result = info->id == Function::Min ? emit_binary<Min>("min", number, result, arguments[i])
                                               : emit_binary<Max>("max", number, result, arguments[i]);
        return result;
    }
    case Function::Abs: return typed(Type::Number) ? emit_unary<Abs>("abs", number, arguments[0]) : Operand{};
    case Function::Sqrt: return typed(Type::Number) ? emit_unary<Sqrt>("sqrt", number, arguments[0]) : Operand{};
    case Function::Floor: return typed(Type::Number) ? emit_unary<Floor>("floor", number, arguments[0]) : Operand{};
    case Function::Ceil: return typed(Type::Number) ? emit_unary<Ceil>("ceil", number, arguments[0]) : Operand{};
    case Function::Exp: return typed(Type::Number) ? emit_unary<Exp>("exp", number, arguments[0]) : Operand{};
    case Function::Pow:
        return typed(Type::Number) ? emit_binary<Pow>("pow", number, arguments[0], arguments[1]) : Operand{};
    case Function::Round:
        if (!typed(Type::Number)) return Operand{};
        return count == 1 ? emit_unary<Round>("round", number, arguments[0])
                          : emit_binary<RoundDigits>("round_digits", number, arguments[0], arguments[1]);
    case Function::Log:
        if (!typed(Type::Number)) return Operand{};
        return count == 1 ? emit_unary<Log>("log", number, arguments[0])
                          : emit_binary<LogBase>("log_base", number, arguments[0], arguments[1]);
    case Function::Clamp:
        if (!typed(Type::Number)) return Operand{};
        return emit_ternary<Clamp>("clamp", number, arguments[0], arguments[1], arguments[2]);
    case Function::If: return compile_if(node, arguments);
    case Function::Coalesce: return compile_coalesce(node, arguments);
    case Function::IsMissing: {
        const Operand& x = arguments[0];
        if (x.is_error()) return x;
        if (x.type == StaticType::Missing) return constant_bool(bool_true);
        switch (register_kind(x.value_type())) {
        case RegisterKind::Number: return emit_unary<IsMissing<double>>("is_missing_number", StaticType::Bool, x);
        case RegisterKind::Bool: return emit_unary<IsMissing<Bool3>>("is_missing_bool", StaticType::Bool, x);
        case RegisterKind::Text: return emit_unary<IsMissing<std::string_view>>("is_missing_text", StaticType::Bool, x);
        }
        return Operand{};
    }
    case Function::DaysSince:
        if (!typed(Type::Date)) return Operand{};
        return emit_binary<Subtract>("days_since", number, constant_number(StaticType::Date, options_.today),
                                     arguments[0]);
    case Function::Year: return typed(Type::Date) ? emit_unary<Year>("year", number, arguments[0]) : Operand{};
    case Function::Lower:
    case Function::Upper: return typed(Type::Text) ? change_case_of(arguments[0], info->id == Function::Upper) : Operand{};
    case Function::Contains:
        if (!typed(Type::Text)) return Operand{};
        return emit_binary<Contains>("contains", StaticType::Bool, arguments[0], arguments[1]);
    case Function::StartsWith:
        if (!typed(Type::Text)) return Operand{};
        return emit_binary<StartsWith>("starts_with", StaticType::Bool, arguments[0], arguments[1]);
    }
    return Operand{};
}

// The arguments after `skip` must share one type; `missing` takes it. Reports each argument
// that differs from the first typed one.
bool Compiler::unify(const Node& call, std::vector<Operand>& arguments, std::size_t skip, std::string_view what) {
    bool ok = true;
    const Operand* first = nullptr;
    for (std::size_t i = skip; i < arguments.size(); ++i) {
        Operand& operand = arguments[i];
        if (operand.is_error()) ok = false;
        if (operand.is_error() || operand.type == StaticType::Missing) continue;
        if (!first) {
            first = &operand;
        } else if (operand.type != first->type) {
            const Node& node = child(call, static_cast<int>(i));
            error(node.offset, node.length,
                  fmt::format("'{}' needs {} of one type, found {} and {}", call.text, what,
                              type_name(first->value_type()), type_name(operand.value_type())));
            ok = false;
        }
    }
    if (ok && first) {
        Type type = first->value_type();
        for (std::size_t i = skip; i < arguments.size(); ++i) arguments[i] = resolve(arguments[i], type);
    }
    return ok;
}

Operand Compiler::compile_if(const Node& node, std::vector<Operand>& arguments) {
    Operand condition = argument(node, 0, arguments[0], Type::Bool);
    if (!unify(node, arguments, 1, "both branches") || condition.is_error()) return Operand{};
    const Operand& then_value = arguments[1];
    const Operand& else_value = arguments[2];
    if (condition.is_constant()) return condition.constant.boolean == bool_true ? then_value : else_value;
    if (then_value.type == StaticType::Missing) return then_value;   // if(c, missing, missing)
    switch (register_kind(then_value.value_type())) {
    case RegisterKind::Number:
        return emit_ternary<Select<double>>("select_number", then_value.type, condition, then_value, else_value);
    case RegisterKind::Bool:
        return emit_ternary<Select<Bool3>>("select_bool", then_value.type, condition, then_value, else_value);
    case RegisterKind::Text:
        return emit_ternary<Select<std::string_view>>("select_text", then_value.type, condition, then_value,
                                                      else_value);
    }
    return Operand{};
}

Operand Compiler::compile_coalesce(const Node& node, std::vector<Operand>& arguments) {
    if (!unify(node, arguments, 0, "arguments")) return Operand{};
    Operand result = arguments[0];
    for (std::size_t i = 1; i < arguments.size(); ++i) {
        if (is_missing_constant(result)) {
            result = arguments[i];
            continue;
        }
        if (result.is_constant() && !is_missing_constant(result)) break;   // later ones never count
        result = emit_typed_binary<Coalesce>("coalesce", result.type, result, arguments[i]);
    }
    return result;
}

Operand Compiler::change_case_of(const Operand& text, bool to_upper) {
    if (text.is_constant())
        return text.constant.text.data() ? constant_text(change_case(text.constant.text, to_upper)) : text;
    Instruction instruction;
    instruction.kernel = to_upper ? &change_case_kernel<true> : &change_case_kernel<false>;
    instruction.name = to_upper ? "upper" : "lower";
    instruction.scratch = program_.scratch_count++;
    Operand result = push(std::move(instruction), StaticType::Text, {text});
    program_.registers[static_cast<std::size_t>(result.reg)].text_origin = from_scratch;
    return result;
}

}  // namespace kamscore::expr
