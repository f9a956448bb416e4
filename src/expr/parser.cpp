// Recursive descent, one function per precedence level (see README.md for the grammar).
// Recursion happens only through parentheses, calls and lists, each counted against
// max_depth before descending; chains of `not` and unary '-' are read in a loop.
#include "kamscore/expr/parser.hpp"

#include <fmt/format.h>

#include "kamscore/expr/lexer.hpp"

namespace kamscore::expr {

namespace {

bool is_comparison(TokenKind kind) {
    switch (kind) {
    case TokenKind::Equal:
    case TokenKind::NotEqual:
    case TokenKind::Less:
    case TokenKind::LessEqual:
    case TokenKind::Greater:
    case TokenKind::GreaterEqual:
    case TokenKind::In: return true;
    default: return false;
    }
}

class Parser {
public:
    Parser(std::string_view source, int max_depth)
        : source_(source), tokens_(tokenize(source)), max_depth_(max_depth) {}

    ParseResult run() {
        int root = parse_or();
        if (!failed_ && peek().kind != TokenKind::End) fail_unexpected(peek());
        ParseResult result;
        if (failed_) {
            result.error = error_;
        } else {
            result.ast = std::move(ast_);
            result.ast.root = root;
        }
        return result;
    }

private:
    using Level = int (Parser::*)();

    const Token& peek() const { return tokens_[pos_]; }
    const Token& take() {
        const Token& token = tokens_[pos_];
        if (pos_ + 1 < tokens_.size()) ++pos_;   // End and Error stay put
        return token;
    }

    int parse_or() { return parse_left_associative(&Parser::parse_and, TokenKind::Or, TokenKind::Or); }
    int parse_and() { return parse_left_associative(&Parser::parse_not, TokenKind::And, TokenKind::And); }

    int parse_not() { return parse_prefixed(TokenKind::Not, NodeKind::Not, &Parser::parse_comparison); }

    int parse_comparison() {
        int left = parse_additive();
        if (failed_ || !is_comparison(peek().kind)) return left;
        const Token& op = take();
        int node = op.kind == TokenKind::In ? parse_in_list(left, op) : make_binary(op, left, parse_additive());
        if (!failed_ && is_comparison(peek().kind))
            fail(peek().offset, peek().length, "comparisons cannot be chained (combine them with 'and')");
        return node;
    }

    int parse_additive() {
        return parse_left_associative(&Parser::parse_multiplicative, TokenKind::Plus, TokenKind::Minus);
    }

    int parse_multiplicative() {
        int left = parse_unary();
        while (!failed_ && (peek().kind == TokenKind::Star || peek().kind == TokenKind::Slash ||
                            peek().kind == TokenKind::Percent)) {
            const Token& op = take();
            left = make_binary(op, left, parse_unary());
        }
        return left;
    }

    int parse_unary() { return parse_prefixed(TokenKind::Minus, NodeKind::Negate, &Parser::parse_primary); }

    int parse_left_associative(Level next, TokenKind first, TokenKind second) {
        int left = (this->*next)();
        while (!failed_ && (peek().kind == first || peek().kind == second)) {
            const Token& op = take();
            left = make_binary(op, left, (this->*next)());
        }
        return left;
    }

    // `not not not x` and `---x` are read in a loop, so 100,000 of them cost no stack.
    int parse_prefixed(TokenKind prefix, NodeKind kind, Level next) {
        std::vector<const Token*> prefixes;
        while (peek().kind == prefix) {
            if (static_cast<int>(prefixes.size()) >= max_depth_) return fail_too_deep(peek());
            prefixes.push_back(&take());
        }
        int operand = (this->*next)();
        for (auto it = prefixes.rbegin(); it != prefixes.rend() && !failed_; ++it) {
            const Token& op = **it;
            int node = new_node(kind, op.offset, end_of(operand) - op.offset);
            ast_.nodes[node].op = op.kind;
            ast_.nodes[node].op_offset = op.offset;
            ast_.nodes[node].op_length = op.length;
            operand = attach(node, {operand});
        }
        return operand;
    }

    int parse_primary() {
        const Token& token = peek();
        switch (token.kind) {
        case TokenKind::Number: {
            int node = leaf(NodeKind::Number, take());
            ast_.nodes[node].number = token.number;
            return node;
        }
        case TokenKind::String: {
            int node = leaf(NodeKind::Text, take());
            ast_.nodes[node].text = token.text;
            return node;
        }
        case TokenKind::True:
        case TokenKind::False: {
            int node = leaf(NodeKind::Bool, take());
            ast_.nodes[node].boolean = token.kind == TokenKind::True;
            return node;
        }
        case TokenKind::Missing: return leaf(NodeKind::Missing, take());
        case TokenKind::Name: {
            take();
            if (peek().kind == TokenKind::LeftParen) return parse_call(token);
            int node = leaf(NodeKind::Name, token);
            ast_.nodes[node].text = token.text;
            return node;
        }
        case TokenKind::LeftParen: return parse_parenthesized();
        default: return fail_unexpected(token);
        }
    }

    int parse_parenthesized() {
        const Token& open = take();
        if (!enter(open)) return -1;
        int inner = parse_or();
        if (failed_) return -1;
        --nesting_;
        if (!expect(TokenKind::RightParen, "expected ')' but found {}")) return -1;
        const Token& close = tokens_[pos_ - 1];
        // The parentheses belong to the sub-expression when an error points at it.
        ast_.nodes[inner].offset = open.offset;
        ast_.nodes[inner].length = close.offset + close.length - open.offset;
        return inner;
    }

    int parse_call(const Token& name) {
        const Token& open = take();
        std::vector<int> arguments;
        if (peek().kind != TokenKind::RightParen) {
            if (!enter(open)) return -1;
            for (;;) {
                arguments.push_back(parse_or());
                if (failed_) return -1;
                if (peek().kind != TokenKind::Comma) break;
                take();
            }
            --nesting_;
        }
        if (!expect(TokenKind::RightParen,
                    arguments.empty() ? "expected ')' but found {}" : "expected ',' or ')' but found {}"))
            return -1;
        const Token& close = tokens_[pos_ - 1];
        int node = new_node(NodeKind::Call, name.offset, close.offset + close.length - name.offset);
        ast_.nodes[node].text = name.text;
        ast_.nodes[node].op_offset = name.offset;
        ast_.nodes[node].op_length = name.length;
        return attach(node, arguments);
    }

    int parse_in_list(int operand, const Token& in) {
        if (!expect(TokenKind::LeftBracket, "expected '[' after 'in' but found {}")) return -1;
        const Token& open = tokens_[pos_ - 1];
        if (peek().kind == TokenKind::RightBracket)
            return fail(open.offset, peek().offset + 1 - open.offset, "the list after 'in' is empty");
        if (!enter(open)) return -1;
        std::vector<int> elements{operand};
        for (;;) {
            elements.push_back(parse_or());
            if (failed_) return -1;
            if (peek().kind != TokenKind::Comma) break;
            take();
        }
        --nesting_;
        if (!expect(TokenKind::RightBracket, "expected ',' or ']' but found {}")) return -1;
        const Token& close = tokens_[pos_ - 1];
        int node = new_node(NodeKind::In, ast_.nodes[operand].offset,
                            close.offset + close.length - ast_.nodes[operand].offset);
        ast_.nodes[node].op = TokenKind::In;
        ast_.nodes[node].op_offset = in.offset;
        ast_.nodes[node].op_length = in.length;
        return attach(node, elements);
    }

    int make_binary(const Token& op, int left, int right) {
        if (failed_) return -1;
        std::size_t begin = ast_.nodes[left].offset;
        int node = new_node(NodeKind::Binary, begin, end_of(right) - begin);
        ast_.nodes[node].op = op.kind;
        ast_.nodes[node].op_offset = op.offset;
        ast_.nodes[node].op_length = op.length;
        return attach(node, {left, right});
    }

    int leaf(NodeKind kind, const Token& token) {
        int node = new_node(kind, token.offset, token.length);
        ast_.nodes[node].op_offset = token.offset;
        ast_.nodes[node].op_length = token.length;
        return node;
    }

    int new_node(NodeKind kind, std::size_t offset, std::size_t length) {
        Node node;
        node.kind = kind;
        node.offset = offset;
        node.length = length;
        ast_.nodes.push_back(std::move(node));
        return static_cast<int>(ast_.nodes.size() - 1);
    }

    // Links the children and enforces the height limit, which bounds the recursion of every
    // later pass over the tree (a chain like 1+1+1+... is high without being nested).
    int attach(int node, const std::vector<int>& children) {
        Node& parent = ast_.nodes[node];
        parent.first_child = static_cast<int>(ast_.children.size());
        parent.child_count = static_cast<int>(children.size());
        int height = 0;
        for (int child : children) {
            ast_.children.push_back(child);
            height = std::max(height, ast_.nodes[child].height);
        }
        parent.height = height + 1;
        if (parent.height > max_depth_) {
            Token at;
            at.offset = parent.op_offset;
            at.length = parent.op_length;
            return fail_too_deep(at);
        }
        return node;
    }

    std::size_t end_of(int node) const { return ast_.nodes[node].offset + ast_.nodes[node].length; }

    bool enter(const Token& at) {
        if (++nesting_ <= max_depth_) return true;
        fail_too_deep(at);
        return false;
    }

    bool expect(TokenKind kind, std::string_view message) {
        if (peek().kind == kind) {
            take();
            return true;
        }
        fail_found(peek(), fmt::format(fmt::runtime(message), describe(peek(), source_)));
        return false;
    }

    int fail_unexpected(const Token& token) {
        if (token.kind == TokenKind::End) return fail_found(token, "unexpected end of expression");
        return fail_found(token, fmt::format("unexpected {}", describe(token, source_)));
    }

    int fail_too_deep(const Token& at) {
        return fail(at.offset, at.length, fmt::format("expression nested too deeply (more than {} levels)", max_depth_));
    }

    // A lexical error is reported in place of whatever the parser expected there.
    int fail_found(const Token& token, std::string message) {
        if (token.kind == TokenKind::Error) return fail(token.offset, token.length, token.text);
        return fail(token.offset, token.length, std::move(message));
    }

    int fail(std::size_t offset, std::size_t length, std::string message) {
        if (!failed_) {
            failed_ = true;
            error_ = CompileError{offset, std::max<std::size_t>(length, 1), std::move(message)};
        }
        return -1;
    }

    std::string_view source_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int max_depth_;
    int nesting_ = 0;
    bool failed_ = false;
    CompileError error_;
    Ast ast_;
};

void format_node(const Ast& ast, int index, std::string& out) {
    const Node& node = ast.nodes[index];
    switch (node.kind) {
    case NodeKind::Number: out += fmt::format("{}", node.number); return;
    case NodeKind::Text: out += fmt::format("\"{}\"", node.text); return;
    case NodeKind::Bool: out += node.boolean ? "true" : "false"; return;
    case NodeKind::Missing: out += "missing"; return;
    case NodeKind::Name: out += node.text; return;
    case NodeKind::Negate: out += "(-"; break;
    case NodeKind::Not: out += "(not"; break;
    case NodeKind::Binary: out += fmt::format("({}", spelling(node.op)); break;
    case NodeKind::In: out += "(in"; break;
    case NodeKind::Call: out += "(" + node.text; break;
    }
    for (int child : ast.children_of(node)) {
        out += ' ';
        format_node(ast, child, out);
    }
    out += ')';
}

}  // namespace

ParseResult parse(std::string_view source, int max_depth) { return Parser(source, max_depth).run(); }

std::string format_ast(const Ast& ast) {
    std::string out;
    if (ast.root >= 0) format_node(ast, ast.root, out);
    return out;
}

}  // namespace kamscore::expr
