#pragma once

#include <optional>
#include <string_view>

#include "kamscore/expr/ast.hpp"
#include "kamscore/expr/compile.hpp"

namespace kamscore::expr {

struct ParseResult {
    Ast ast;                              ///< valid when error is empty
    std::optional<CompileError> error;    ///< the first syntax error; parsing stops there
};

/// Parses `source` by the grammar in src/expr/README.md. Parentheses, calls and lists nested
/// more than `max_depth` deep, or a tree higher than that, are an error, never a stack overflow.
ParseResult parse(std::string_view source, int max_depth = 200);

}  // namespace kamscore::expr
