#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kamscore/expr/token.hpp"

namespace kamscore::expr {

enum class NodeKind : std::uint8_t {
    Number,    ///< literal; Node::number
    Text,      ///< string literal; Node::text
    Bool,      ///< true / false; Node::boolean
    Missing,   ///< the `missing` literal
    Name,      ///< Node::text is the (possibly dotted) name
    Negate,    ///< unary '-'; one child
    Not,       ///< one child
    Binary,    ///< Node::op; children: left, right
    In,        ///< children: the operand, then the list elements
    Call,      ///< Node::text is the function; children: the arguments
};

/// A node of the syntax tree. Nodes live in Ast::nodes and refer to children by index, so
/// that no tree is ever destroyed recursively.
struct Node {
    NodeKind kind = NodeKind::Missing;
    TokenKind op = TokenKind::End;   ///< Binary: the operator
    std::size_t offset = 0;          ///< byte range of the whole sub-expression
    std::size_t length = 0;
    std::size_t op_offset = 0;       ///< byte range of the operator, name or function name
    std::size_t op_length = 0;
    double number = 0;
    bool boolean = false;
    std::string text;
    int first_child = 0;             ///< index into Ast::children
    int child_count = 0;
    int height = 1;                  ///< 1 for a leaf
};

/// A parsed expression.
struct Ast {
    std::vector<Node> nodes;
    std::vector<int> children;
    int root = -1;

    std::span<const int> children_of(const Node& node) const {
        return {children.data() + node.first_child, static_cast<std::size_t>(node.child_count)};
    }
};

/// The tree as an s-expression, e.g. "(or (and a b) (< c 3))", for tests and debugging.
std::string format_ast(const Ast& ast);

}  // namespace kamscore::expr
