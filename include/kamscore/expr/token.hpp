#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kamscore::expr {

enum class TokenKind : std::uint8_t {
    End,     ///< after the last token
    Error,   ///< a lexical error; Token::text holds the message
    Number,
    String,
    Name,
    And, Or, Not, In, True, False, Missing,
    LeftParen, RightParen, LeftBracket, RightBracket, Comma,
    Plus, Minus, Star, Slash, Percent,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
};

/// One token: a byte range of the expression source plus its decoded value.
struct Token {
    TokenKind kind = TokenKind::End;
    std::size_t offset = 0;   ///< 0-based byte offset into the source
    std::size_t length = 0;   ///< in bytes
    double number = 0;        ///< Number: the value
    std::string text;         ///< Name: the name; String: the value, escapes resolved; Error: the message
};

/// How an operator or keyword is written: "+", "<=", "and". Empty for Number, String, Name.
std::string_view spelling(TokenKind kind);

/// For "expected ... but found X": "end of expression" or the token's source text in quotes.
std::string describe(const Token& token, std::string_view source);

}  // namespace kamscore::expr
