// Type checking and code generation in one pass over the tree: each node becomes an Operand
// (a register or a folded constant) of a static type. Private to src/expr.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "kamscore/expr/ast.hpp"
#include "kamscore/expr/compile.hpp"
#include "kernels.hpp"
#include "program.hpp"

namespace kamscore::expr {

/// The static type of an operand during compilation. Missing is the `missing` literal before
/// its context has given it a type; Error marks a sub-expression already reported as wrong, so
/// that one mistake yields one message.
enum class StaticType : std::uint8_t { Number, Bool, Text, Date, Missing, Error };

inline StaticType static_type(Type type) { return static_cast<StaticType>(type); }

/// The result of compiling a node: a register, or a constant when reg < 0.
struct Operand {
    StaticType type = StaticType::Error;
    int reg = -1;
    Constant constant;

    bool is_constant() const { return reg < 0; }
    bool is_error() const { return type == StaticType::Error; }
    Type value_type() const { return static_cast<Type>(type); }   ///< only for real types
};

class Compiler {
public:
    Compiler(const Ast& ast, std::string_view source, const Scope& scope, const CompileOptions& options,
             Program::Impl& program);

    Operand compile(int node);
    /// Gives a Missing operand the type its context needs.
    Operand resolve(const Operand& operand, Type type);
    std::vector<CompileError> take_errors();

private:
    Operand compile_name(const Node& node);
    Operand compile_negate(const Node& node);
    Operand compile_not(const Node& node);
    Operand compile_binary(const Node& node);
    Operand compile_arithmetic(const Node& node, Operand left, Operand right);
    Operand compile_comparison(const Node& node, Operand left, Operand right);
    Operand compile_logic(const Node& node, Operand left, Operand right);
    Operand compile_in(const Node& node);
    // functions.cpp
    Operand compile_call(const Node& node);
    Operand compile_if(const Node& node, std::vector<Operand>& arguments);
    Operand compile_coalesce(const Node& node, std::vector<Operand>& arguments);
    Operand change_case_of(const Operand& text, bool to_upper);
    bool unify(const Node& call, std::vector<Operand>& arguments, std::size_t skip, std::string_view what);

    /// A text constant compared with a date becomes a date constant, or an error.
    Operand text_to_date(const Operand& text, const Node& node);
    /// Checks that argument `index` of a call has `type`; Missing adapts.
    Operand argument(const Node& call, int index, const Operand& operand, Type type);
    std::string source_of(const Node& node) const;
    const Node& child(const Node& node, int index) const;

    template <class Op>
    Operand emit_unary(std::string_view name, StaticType result, const Operand& a);
    template <class Op>
    Operand emit_binary(std::string_view name, StaticType result, const Operand& a, const Operand& b);
    template <class Op>
    Operand emit_ternary(std::string_view name, StaticType result, const Operand& a, const Operand& b,
                         const Operand& c);
    /// Picks the instantiation of a generic Op for the register kind of `type`.
    template <template <class> class Op>
    Operand emit_typed_binary(std::string_view name, StaticType result, const Operand& a, const Operand& b);
    Operand push(Instruction instruction, StaticType result, std::initializer_list<Operand> args);

    Operand constant_number(StaticType type, double value) const;
    Operand constant_bool(Bool3 value) const;
    Operand constant_text(std::string_view text);       ///< copies into the program's literals
    Operand constant_of(const Value& value);
    Operand missing_of(Type type) const;
    Operand error(std::size_t offset, std::size_t length, std::string message);

    const Ast& ast_;
    std::string_view source_;
    const Scope& scope_;
    const CompileOptions& options_;
    Program::Impl& program_;
    std::map<int, int> slot_registers_;
    std::vector<CompileError> errors_;
};

inline bool is_missing_constant(const Operand& operand) {
    if (!operand.is_constant()) return false;
    switch (operand.type) {
    case StaticType::Number:
    case StaticType::Date: return is_missing(operand.constant.number);
    case StaticType::Bool: return operand.constant.boolean == bool_missing;
    case StaticType::Text: return operand.constant.text.data() == nullptr;
    case StaticType::Missing: return true;
    case StaticType::Error: return false;
    }
    return false;
}

template <class T>
Operand make_constant(StaticType type, T value) {
    Operand operand;
    operand.type = type;
    if constexpr (std::is_same_v<T, double>) operand.constant.number = value;
    else if constexpr (std::is_same_v<T, Bool3>) operand.constant.boolean = value;
    else operand.constant.text = value;
    return operand;
}

template <class Op>
Operand Compiler::emit_unary(std::string_view name, StaticType result, const Operand& a) {
    if (a.is_constant()) return make_constant(result, Op::apply(a.constant.get<typename Op::Left>()));
    Instruction instruction;
    instruction.kernel = unary_kernel_for<Op>();
    instruction.name = name;
    return push(std::move(instruction), result, {a});
}

template <class Op>
Operand Compiler::emit_binary(std::string_view name, StaticType result, const Operand& a, const Operand& b) {
    if (a.is_constant() && b.is_constant())
        return make_constant(result, Op::apply(a.constant.get<typename Op::Left>(), b.constant.get<typename Op::Right>()));
    Instruction instruction;
    instruction.kernel = binary_kernel_for<Op>(a.is_constant(), b.is_constant());
    instruction.name = name;
    return push(std::move(instruction), result, {a, b});
}

template <class Op>
Operand Compiler::emit_ternary(std::string_view name, StaticType result, const Operand& a, const Operand& b,
                               const Operand& c) {
    if (a.is_constant() && b.is_constant() && c.is_constant())
        return make_constant(result, Op::apply(a.constant.get<typename Op::Left>(), b.constant.get<typename Op::Right>(),
                                               c.constant.get<typename Op::Third>()));
    Instruction instruction;
    instruction.kernel = ternary_kernel_for<Op>(a.is_constant(), b.is_constant(), c.is_constant());
    instruction.name = name;
    return push(std::move(instruction), result, {a, b, c});
}

template <template <class> class Op>
Operand Compiler::emit_typed_binary(std::string_view name, StaticType result, const Operand& a, const Operand& b) {
    switch (register_kind(a.value_type())) {
    case RegisterKind::Number: return emit_binary<Op<double>>(std::string(name) + "_number", result, a, b);
    case RegisterKind::Bool: return emit_binary<Op<Bool3>>(std::string(name) + "_bool", result, a, b);
    case RegisterKind::Text: return emit_binary<Op<std::string_view>>(std::string(name) + "_text", result, a, b);
    }
    return a;
}

}  // namespace kamscore::expr
