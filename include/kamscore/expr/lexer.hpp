#pragma once

#include <string_view>
#include <vector>

#include "kamscore/expr/token.hpp"

namespace kamscore::expr {

/// Splits an expression into tokens. The last token is End, or Error at the first byte that
/// cannot start a token (the lexer stops there: one lexical error is enough to report).
std::vector<Token> tokenize(std::string_view source);

/// Bytes allowed in names: ASCII letters, digits, '_' and every byte of a UTF-8 sequence,
/// so that "Umsatz_€" or "größe" are names.
bool is_name_start(char c);
bool is_name_char(char c);

}  // namespace kamscore::expr
