#include "kamscore/expr/lexer.hpp"

#include <charconv>
#include <system_error>

#include <fmt/format.h>

namespace kamscore::expr {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

TokenKind keyword_kind(std::string_view word) {
    if (word == "and") return TokenKind::And;
    if (word == "or") return TokenKind::Or;
    if (word == "not") return TokenKind::Not;
    if (word == "in") return TokenKind::In;
    if (word == "true") return TokenKind::True;
    if (word == "false") return TokenKind::False;
    if (word == "missing") return TokenKind::Missing;
    return TokenKind::Name;
}

// Shows a byte the way a reader can see it, even when it is a control character.
std::string printable(char c) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return fmt::format("\\x{:02x}", byte);
    return std::string(1, c);
}

// Hints for operators people bring from other languages.
std::string_view hint_for(char c, char next) {
    switch (c) {
    case '=': return " (use '==' to compare)";
    case '!': return " (use 'not', or '!=' to compare)";
    case '&': return next == '&' ? " (use 'and')" : "";
    case '|': return next == '|' ? " (use 'or')" : "";
    default: return "";
    }
}

class Lexer {
public:
    explicit Lexer(std::string_view source) : source_(source) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        for (;;) {
            tokens.push_back(next());
            TokenKind kind = tokens.back().kind;
            if (kind == TokenKind::End || kind == TokenKind::Error) return tokens;
        }
    }

private:
    Token next() {
        while (pos_ < source_.size() && is_space(source_[pos_])) ++pos_;
        if (pos_ == source_.size()) return make(TokenKind::End, pos_, 0);
        char c = source_[pos_];
        char following = pos_ + 1 < source_.size() ? source_[pos_ + 1] : '\0';
        if (is_digit(c) || (c == '.' && is_digit(following))) return number();
        if (is_name_start(c)) return name();
        if (c == '"' || c == '\'') return string();
        if (TokenKind two = two_char_operator(c, following); two != TokenKind::End) {
            pos_ += 2;
            return make(two, pos_ - 2, 2);
        }
        if (TokenKind one = one_char_operator(c); one != TokenKind::End) return make(one, pos_++, 1);
        return error(pos_, 1, fmt::format("unexpected character '{}'{}", printable(c), hint_for(c, following)));
    }

    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    static TokenKind two_char_operator(char c, char next) {
        if (next != '=') return TokenKind::End;
        switch (c) {
        case '=': return TokenKind::Equal;
        case '!': return TokenKind::NotEqual;
        case '<': return TokenKind::LessEqual;
        case '>': return TokenKind::GreaterEqual;
        default: return TokenKind::End;
        }
    }

    static TokenKind one_char_operator(char c) {
        switch (c) {
        case '(': return TokenKind::LeftParen;
        case ')': return TokenKind::RightParen;
        case '[': return TokenKind::LeftBracket;
        case ']': return TokenKind::RightBracket;
        case ',': return TokenKind::Comma;
        case '+': return TokenKind::Plus;
        case '-': return TokenKind::Minus;
        case '*': return TokenKind::Star;
        case '/': return TokenKind::Slash;
        case '%': return TokenKind::Percent;
        case '<': return TokenKind::Less;
        case '>': return TokenKind::Greater;
        default: return TokenKind::End;
        }
    }

    Token number() {
        std::size_t start = pos_;
        while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
        if (pos_ < source_.size() && source_[pos_] == '.') {
            ++pos_;
            while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
        }
        if (pos_ < source_.size() && (source_[pos_] == 'e' || source_[pos_] == 'E')) {
            std::size_t exponent = pos_ + 1;
            if (exponent < source_.size() && (source_[exponent] == '+' || source_[exponent] == '-')) ++exponent;
            if (exponent < source_.size() && is_digit(source_[exponent])) {
                pos_ = exponent;
                while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
            }
        }
        // "12abc" or "1e": a number running into a name is a typo, not a number and a name.
        if (pos_ < source_.size() && (is_name_char(source_[pos_]) || source_[pos_] == '.')) {
            while (pos_ < source_.size() && (is_name_char(source_[pos_]) || source_[pos_] == '.')) ++pos_;
            return error(start, pos_ - start, fmt::format("malformed number '{}'", source_.substr(start, pos_ - start)));
        }
        std::string_view digits = source_.substr(start, pos_ - start);
        Token token = make(TokenKind::Number, start, digits.size());
        // from_chars does not take a leading '.'; ".5" is read as "0.5".
        std::string spelled;
        if (digits.front() == '.') spelled += '0';
        spelled += digits;
        auto [end, status] = std::from_chars(spelled.data(), spelled.data() + spelled.size(), token.number);
        if (status == std::errc::result_out_of_range)
            return error(start, digits.size(), fmt::format("number '{}' is out of range", digits));
        if (status != std::errc() || end != spelled.data() + spelled.size())
            return error(start, digits.size(), fmt::format("malformed number '{}'", digits));
        return token;
    }

    Token name() {
        // Dotted names such as strategic.lighthouse or metric.q1 are one name; a segment after
        // a dot may start with a digit because ids in rule files often do.
        std::size_t start = pos_;
        for (;;) {
            while (pos_ < source_.size() && is_name_char(source_[pos_])) ++pos_;
            if (pos_ + 1 < source_.size() && source_[pos_] == '.' && is_name_char(source_[pos_ + 1])) {
                ++pos_;
                continue;
            }
            break;
        }
        std::string_view word = source_.substr(start, pos_ - start);
        Token token = make(keyword_kind(word), start, word.size());
        if (token.kind == TokenKind::Name) token.text = std::string(word);
        return token;
    }

    Token string() {
        std::size_t start = pos_;
        char quote = source_[pos_++];
        std::string value;
        while (pos_ < source_.size() && source_[pos_] != quote) {
            char c = source_[pos_];
            if (c == '\\') {
                char escaped = pos_ + 1 < source_.size() ? source_[pos_ + 1] : '\0';
                if (escaped != '"' && escaped != '\'' && escaped != '\\') {
                    if (pos_ + 1 >= source_.size()) break;
                    return error(pos_, 2, fmt::format("unknown escape '\\{}' in string (use '\\\\' for a backslash)",
                                                      printable(escaped)));
                }
                value += escaped;
                pos_ += 2;
                continue;
            }
            value += c;
            ++pos_;
        }
        if (pos_ >= source_.size()) return error(start, source_.size() - start, "unterminated string");
        ++pos_;
        Token token = make(TokenKind::String, start, pos_ - start);
        token.text = std::move(value);
        return token;
    }

    static Token make(TokenKind kind, std::size_t offset, std::size_t length) {
        Token token;
        token.kind = kind;
        token.offset = offset;
        token.length = length;
        return token;
    }

    static Token error(std::size_t offset, std::size_t length, std::string message) {
        Token token = make(TokenKind::Error, offset, length);
        token.text = std::move(message);
        return token;
    }

    std::string_view source_;
    std::size_t pos_ = 0;
};

}  // namespace

bool is_name_start(char c) {
    auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '_' || byte >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

std::vector<Token> tokenize(std::string_view source) { return Lexer(source).run(); }

std::string_view spelling(TokenKind kind) {
    switch (kind) {
    case TokenKind::And: return "and";
    case TokenKind::Or: return "or";
    case TokenKind::Not: return "not";
    case TokenKind::In: return "in";
    case TokenKind::True: return "true";
    case TokenKind::False: return "false";
    case TokenKind::Missing: return "missing";
    case TokenKind::LeftParen: return "(";
    case TokenKind::RightParen: return ")";
    case TokenKind::LeftBracket: return "[";
    case TokenKind::RightBracket: return "]";
    case TokenKind::Comma: return ",";
    case TokenKind::Plus: return "+";
    case TokenKind::Minus: return "-";
    case TokenKind::Star: return "*";
    case TokenKind::Slash: return "/";
    case TokenKind::Percent: return "%";
    case TokenKind::Equal: return "==";
    case TokenKind::NotEqual: return "!=";
    case TokenKind::Less: return "<";
    case TokenKind::LessEqual: return "<=";
    case TokenKind::Greater: return ">";
    case TokenKind::GreaterEqual: return ">=";
    case TokenKind::End:
    case TokenKind::Error:
    case TokenKind::Number:
    case TokenKind::String:
    case TokenKind::Name: return "";
    }
    return "";
}

std::string describe(const Token& token, std::string_view source) {
    if (token.kind == TokenKind::End) return "end of expression";
    constexpr std::size_t shown = 30;
    std::string_view text = source.substr(token.offset, token.length);
    if (text.size() > shown) {
        std::size_t cut = shown;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        return fmt::format("'{}...'", text.substr(0, cut));
    }
    return fmt::format("'{}'", text);
}

}  // namespace kamscore::expr
