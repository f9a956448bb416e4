// `max: round(seats * 1.1)`: a tier's capacity worked out from params, once when the rule file
// loads and again when --set changes one of them.
#include <cmath>

#include <fmt/format.h>

#include "kamscore/expr/compile.hpp"
#include "kamscore/rules/rule_set.hpp"

namespace kamscore {

CapacityValue evaluate_capacity(const ExpressionText& expression, const std::vector<ParamSpec>& params) {
    CapacityValue result;
    expr::Scope scope;   // params only: the capacity is one number for the whole run
    for (const ParamSpec& param : params) scope.add_constant(param.name, param.value);
    expr::CompileResult compiled = expr::compile(expression.text, scope, Type::Number);
    if (!compiled.program) {
        const expr::CompileError& error = compiled.errors.front();
        result.problem = error.message;
        if (error.message.rfind("unknown name", 0) == 0) result.problem += "; 'max' is worked out from params only";
        result.offset = error.offset;
        result.length = error.length;
        return result;
    }
    Frame none;
    none.rows = 1;
    const Value value = compiled.program->evaluate_row(none, 0);
    result.length = expression.text.size();
    if (value.missing) {
        result.problem = "'max' gives no value";
        return result;
    }
    // 2^53: beyond it doubles skip whole numbers, and no export has that many customers.
    if (value.number < 1 || value.number != std::floor(value.number) || value.number > 9007199254740992.0) {
        result.problem = fmt::format("'max' gives {:.15g}, not a whole number of 1 or more (round() or floor() make one)",
                                     value.number);
        return result;
    }
    result.seats = static_cast<std::size_t>(value.number);
    return result;
}

}  // namespace kamscore
