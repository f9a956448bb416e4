#include "kamscore/expr/compile.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "compiler.hpp"
#include "kamscore/edit_distance.hpp"
#include "kamscore/expr/parser.hpp"

namespace kamscore::expr {

namespace {

bool is_comparison(TokenKind op) {
    return op == TokenKind::Equal || op == TokenKind::NotEqual || op == TokenKind::Less ||
           op == TokenKind::LessEqual || op == TokenKind::Greater || op == TokenKind::GreaterEqual;
}

std::string_view name_of(StaticType type) {
    switch (type) {
    case StaticType::Missing: return "missing";
    case StaticType::Error: return "error";
    default: return type_name(static_cast<Type>(type));
    }
}

}  // namespace

Compiler::Compiler(const Ast& ast, std::string_view source, const Scope& scope, const CompileOptions& options,
                   Program::Impl& program)
    : ast_(ast), source_(source), scope_(scope), options_(options), program_(program) {}

std::vector<CompileError> Compiler::take_errors() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const CompileError& a, const CompileError& b) { return a.offset < b.offset; });
    return std::move(errors_);
}

Operand Compiler::compile(int index) {
    const Node& node = ast_.nodes[static_cast<std::size_t>(index)];
    switch (node.kind) {
    case NodeKind::Number: return constant_number(StaticType::Number, node.number);
    case NodeKind::Text: return constant_text(node.text);
    case NodeKind::Bool: return constant_bool(node.boolean ? bool_true : bool_false);
    case NodeKind::Missing: {
        Operand missing;
        missing.type = StaticType::Missing;
        return missing;
    }
    case NodeKind::Name: return compile_name(node);
    case NodeKind::Negate: return compile_negate(node);
    case NodeKind::Not: return compile_not(node);
    case NodeKind::Binary: return compile_binary(node);
    case NodeKind::In: return compile_in(node);
    case NodeKind::Call: return compile_call(node);
    }
    return {};
}

Operand Compiler::compile_name(const Node& node) {
    const Binding* binding = scope_.find(node.text);
    if (!binding)
        return error(node.op_offset, node.op_length,
                     fmt::format("unknown name '{}'{}", node.text, did_you_mean(node.text, scope_.usable_names())));
    if (!binding->unavailable.empty()) return error(node.op_offset, node.op_length, binding->unavailable);
    program_.names_read.push_back(node.text);
    if (binding->constant) return constant_of(*binding->constant);
    if (auto known = slot_registers_.find(binding->slot); known != slot_registers_.end())
        return Operand{static_type(binding->type), known->second, {}};
    Register reg;
    reg.kind = register_kind(binding->type);
    reg.slot = binding->slot;
    reg.text_origin = from_frame;
    reg.name = node.text;
    program_.registers.push_back(std::move(reg));
    int index = static_cast<int>(program_.registers.size() - 1);
    slot_registers_[binding->slot] = index;
    program_.slots_read.push_back(binding->slot);
    return Operand{static_type(binding->type), index, {}};
}

Operand Compiler::compile_negate(const Node& node) {
    Operand operand = compile(ast_.children_of(node)[0]);
    if (operand.is_error()) return operand;
    operand = resolve(operand, Type::Number);
    if (operand.type != StaticType::Number)
        return error(node.op_offset, node.op_length,
                     fmt::format("operator '-' needs a number, found {}", name_of(operand.type)));
    return emit_unary<Negate>("negate", StaticType::Number, operand);
}

Operand Compiler::compile_not(const Node& node) {
    Operand operand = compile(ast_.children_of(node)[0]);
    if (operand.is_error()) return operand;
    operand = resolve(operand, Type::Bool);
    if (operand.type != StaticType::Bool)
        return error(node.op_offset, node.op_length,
                     fmt::format("operator 'not' needs a bool, found {}", name_of(operand.type)));
    return emit_unary<Not>("not", StaticType::Bool, operand);
}

Operand Compiler::compile_binary(const Node& node) {
    Operand left = compile(ast_.children_of(node)[0]);
    Operand right = compile(ast_.children_of(node)[1]);
    if (left.is_error() || right.is_error()) return Operand{};
    if (node.op == TokenKind::And || node.op == TokenKind::Or) return compile_logic(node, left, right);
    if (is_comparison(node.op)) return compile_comparison(node, left, right);
    return compile_arithmetic(node, left, right);
}

Operand Compiler::compile_arithmetic(const Node& node, Operand left, Operand right) {
    // `missing` takes the type that makes the operation valid: a number, except that in
    // `missing - date` it is a date, so the result is a number of days either way.
    bool is_minus = node.op == TokenKind::Minus;
    left = resolve(left, is_minus && right.type == StaticType::Date ? Type::Date : Type::Number);
    right = resolve(right, Type::Number);
    StaticType a = left.type, b = right.type;
    constexpr auto number = StaticType::Number, date = StaticType::Date;
    switch (node.op) {
    case TokenKind::Plus:
        if (a == number && b == number) return emit_binary<Add>("add", number, left, right);
        if ((a == date && b == number) || (a == number && b == date)) return emit_binary<Add>("add", date, left, right);
        break;
    case TokenKind::Minus:
        if (a == number && b == number) return emit_binary<Subtract>("subtract", number, left, right);
        if (a == date && b == number) return emit_binary<Subtract>("subtract", date, left, right);
        if (a == date && b == date) return emit_binary<Subtract>("subtract", number, left, right);
        break;
    case TokenKind::Star:
        if (a == number && b == number) return emit_binary<Multiply>("multiply", number, left, right);
        break;
    case TokenKind::Slash:
        if (a == number && b == number) return emit_binary<Divide>("divide", number, left, right);
        break;
    case TokenKind::Percent:
        if (a == number && b == number) return emit_binary<Modulo>("modulo", number, left, right);
        break;
    default: break;
    }
    std::string_view needs = "numbers";
    if (node.op == TokenKind::Plus && (a == date || b == date)) needs = "a date and a number";
    if (node.op == TokenKind::Minus && (a == date || b == date)) needs = "a date and a number, or two dates";
    return error(node.op_offset, node.op_length,
                 fmt::format("operator '{}' needs {}, found {} and {}", spelling(node.op), needs, name_of(a),
                             name_of(b)));
}

Operand Compiler::compile_comparison(const Node& node, Operand left, Operand right) {
    const Node& left_node = child(node, 0);
    const Node& right_node = child(node, 1);
    if (left.type == StaticType::Missing || right.type == StaticType::Missing) {
        std::string other = left.type == StaticType::Missing ? source_of(right_node) : source_of(left_node);
        if (left.type == right.type) other = "x";
        return error(node.op_offset, node.op_length,
                     fmt::format("a comparison with missing is never true (use is_missing({}))", other));
    }
    if (left.type == StaticType::Date && right.type == StaticType::Text && right.is_constant())
        right = text_to_date(right, right_node);
    else if (right.type == StaticType::Date && left.type == StaticType::Text && left.is_constant())
        left = text_to_date(left, left_node);
    if (left.is_error() || right.is_error()) return Operand{};
    if (left.type != right.type)
        return error(node.op_offset, node.op_length,
                     fmt::format("cannot compare {} with {}", name_of(left.type), name_of(right.type)));
    constexpr auto result = StaticType::Bool;
    switch (node.op) {
    case TokenKind::Equal: return emit_typed_binary<Equal>("equal", result, left, right);
    case TokenKind::NotEqual: return emit_typed_binary<NotEqual>("not_equal", result, left, right);
    default: break;
    }
    if (left.type == StaticType::Bool)
        return error(node.op_offset, node.op_length,
                     fmt::format("operator '{}' cannot order bools (only == and != apply)", spelling(node.op)));
    switch (node.op) {
    case TokenKind::Less: return emit_typed_binary<Less>("less", result, left, right);
    case TokenKind::LessEqual: return emit_typed_binary<LessEqual>("less_equal", result, left, right);
    case TokenKind::Greater: return emit_typed_binary<Greater>("greater", result, left, right);
    default: return emit_typed_binary<GreaterEqual>("greater_equal", result, left, right);
    }
}

Operand Compiler::compile_logic(const Node& node, Operand left, Operand right) {
    left = resolve(left, Type::Bool);
    right = resolve(right, Type::Bool);
    if (left.type != StaticType::Bool || right.type != StaticType::Bool)
        return error(node.op_offset, node.op_length,
                     fmt::format("operator '{}' needs bools, found {} and {}", spelling(node.op), name_of(left.type),
                                 name_of(right.type)));
    bool is_and = node.op == TokenKind::And;
    // A constant that decides the result alone (false and x, true or x) or that leaves it to
    // the other side (true and x, false or x) removes the instruction.
    Bool3 decisive = is_and ? bool_false : bool_true;
    for (const Operand* side : {&left, &right}) {
        const Operand& other = side == &left ? right : left;
        if (!side->is_constant()) continue;
        if (side->constant.boolean == decisive) return *side;
        if (side->constant.boolean != bool_missing) return other;
    }
    return is_and ? emit_binary<And>("and", StaticType::Bool, left, right)
                  : emit_binary<Or>("or", StaticType::Bool, left, right);
}

Operand Compiler::compile_in(const Node& node) {
    auto children = ast_.children_of(node);
    Operand operand = compile(children[0]);
    std::vector<Constant> list;
    bool has_error = operand.is_error();
    if (operand.type == StaticType::Missing) {
        error(node.op_offset, node.op_length, "a comparison with missing is never true (use is_missing(x))");
        has_error = true;
    }
    for (std::size_t i = 1; i < children.size(); ++i) {
        const Node& element_node = ast_.nodes[static_cast<std::size_t>(children[i])];
        Operand element = compile(children[i]);
        if (element.is_error() || has_error) {
            has_error = true;
            continue;
        }
        if (!element.is_constant() || element.type == StaticType::Missing) {
            error(element_node.offset, element_node.length,
                  element.type == StaticType::Missing
                      ? fmt::format("a comparison with missing is never true (use is_missing({}))", source_of(child(node, 0)))
                      : std::string("the list after 'in' must hold constants (literals or params)"));
            has_error = true;
            continue;
        }
        if (operand.type == StaticType::Date && element.type == StaticType::Text) element = text_to_date(element, element_node);
        if (element.is_error()) {
            has_error = true;
            continue;
        }
        if (element.type != operand.type) {
            error(element_node.offset, element_node.length,
                  fmt::format("cannot compare {} with {}", name_of(operand.type), name_of(element.type)));
            has_error = true;
            continue;
        }
        list.push_back(element.constant);
    }
    if (has_error) return Operand{};
    if (operand.is_constant()) {
        Operand found = constant_bool(bool_false);
        for (const Constant& element : list) {
            Operand equal = emit_typed_binary<Equal>("equal", StaticType::Bool, operand, Operand{operand.type, -1, element});
            if (equal.constant.boolean == bool_true) found = equal;
        }
        return found;
    }
    Instruction instruction;
    instruction.list = std::move(list);
    switch (register_kind(operand.value_type())) {
    case RegisterKind::Number:
        instruction.kernel = &in_list_kernel<double>;
        instruction.name = "in_number";
        break;
    case RegisterKind::Bool:
        instruction.kernel = &in_list_kernel<Bool3>;
        instruction.name = "in_bool";
        break;
    case RegisterKind::Text:
        instruction.kernel = &in_list_kernel<std::string_view>;
        instruction.name = "in_text";
        break;
    }
    return push(std::move(instruction), StaticType::Bool, {operand});
}

Operand Compiler::text_to_date(const Operand& text, const Node& node) {
    if (auto days = parse_iso_date(text.constant.text)) return constant_number(StaticType::Date, *days);
    return error(node.offset, node.length, fmt::format("'{}' is not a date (expected YYYY-MM-DD)", text.constant.text));
}

Operand Compiler::resolve(const Operand& operand, Type type) {
    return operand.type == StaticType::Missing ? missing_of(type) : operand;
}

Operand Compiler::push(Instruction instruction, StaticType result, std::initializer_list<Operand> args) {
    Register reg;
    reg.kind = register_kind(static_cast<Type>(result));
    std::size_t i = 0;
    for (const Operand& arg : args) {
        instruction.args[i] = arg.reg;
        if (arg.is_constant()) instruction.constants[i] = arg.constant;
        instruction.kinds[i] = register_kind(arg.value_type());
        // A text result can only be one of its text operands (if, coalesce).
        if (arg.type == StaticType::Text && reg.kind == RegisterKind::Text)
            reg.text_origin |= arg.is_constant() ? std::uint8_t{from_literal} : program_.registers[static_cast<std::size_t>(arg.reg)].text_origin;
        ++i;
    }
    instruction.arity = static_cast<int>(args.size());
    program_.registers.push_back(std::move(reg));
    instruction.result = static_cast<int>(program_.registers.size() - 1);
    program_.code.push_back(std::move(instruction));
    return Operand{result, program_.code.back().result, {}};
}

Operand Compiler::constant_number(StaticType type, double value) const { return make_constant(type, value); }

Operand Compiler::constant_bool(Bool3 value) const { return make_constant(StaticType::Bool, value); }

Operand Compiler::constant_text(std::string_view text) {
    for (const std::string& literal : program_.literals)
        if (literal == text) return make_constant(StaticType::Text, std::string_view(literal));
    program_.literals.emplace_back(text);
    return make_constant(StaticType::Text, std::string_view(program_.literals.back()));
}

Operand Compiler::constant_of(const Value& value) {
    if (value.missing) return missing_of(value.type);
    switch (value.type) {
    case Type::Number:
    case Type::Date: return constant_number(static_type(value.type), value.number);
    case Type::Bool: return constant_bool(value.boolean ? bool_true : bool_false);
    case Type::Text: return constant_text(value.text);
    }
    return {};
}

Operand Compiler::missing_of(Type type) const {
    Operand operand;
    operand.type = static_type(type);
    return operand;   // Constant's defaults are the missing number, bool and text
}

Operand Compiler::error(std::size_t offset, std::size_t length, std::string message) {
    errors_.push_back(CompileError{offset, std::max<std::size_t>(length, 1), std::move(message)});
    return Operand{};
}

std::string Compiler::source_of(const Node& node) const {
    std::string_view text = source_.substr(node.offset, node.length);
    return text.size() <= 40 ? std::string(text) : "x";
}

const Node& Compiler::child(const Node& node, int index) const {
    return ast_.nodes[static_cast<std::size_t>(ast_.children_of(node)[static_cast<std::size_t>(index)])];
}

CompileResult compile(std::string_view source, const Scope& scope, std::optional<Type> expected,
                      const CompileOptions& options) {
    CompileResult result;
    ParseResult parsed = parse(source, options.max_depth);
    if (parsed.error) {
        result.errors.push_back(*parsed.error);
        return result;
    }
    auto impl = std::make_unique<Program::Impl>();
    Compiler compiler(parsed.ast, source, scope, options, *impl);
    Operand value = compiler.compile(parsed.ast.root);
    value = compiler.resolve(value, expected.value_or(Type::Number));
    result.errors = compiler.take_errors();
    if (!value.is_error() && expected && value.value_type() != *expected) {
        const Node& root = parsed.ast.nodes[static_cast<std::size_t>(parsed.ast.root)];
        std::string wanted = *expected == Type::Bool ? "a condition (bool)"
                             : *expected == Type::Text ? "text"
                                                       : fmt::format("a {}", type_name(*expected));
        result.errors.push_back(CompileError{root.offset, std::max<std::size_t>(root.length, 1),
                                             fmt::format("expected {}, found {}", wanted, type_name(value.value_type()))});
    }
    if (!result.errors.empty()) return result;
    impl->type = value.value_type();
    impl->result = value.reg;
    impl->result_constant = value.constant;
    std::sort(impl->slots_read.begin(), impl->slots_read.end());
    std::sort(impl->names_read.begin(), impl->names_read.end());
    impl->names_read.erase(std::unique(impl->names_read.begin(), impl->names_read.end()), impl->names_read.end());
    impl->allocate_buffers();
    result.program = ProgramBuilder::make(std::move(impl));
    return result;
}

}  // namespace kamscore::expr
