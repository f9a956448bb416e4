#include "kamscore/expr/lexer.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace kamscore::expr;

namespace {

// "Name:wallet@0 Minus@7 ..." — kind, value where there is one, and offset.
std::string tokens_of(std::string_view source) {
    std::string text;
    for (const Token& token : tokenize(source)) {
        if (!text.empty()) text += ' ';
        switch (token.kind) {
        case TokenKind::Number: text += fmt::format("{}", token.number); break;
        case TokenKind::Name: text += token.text; break;
        case TokenKind::String: text += fmt::format("\"{}\"", token.text); break;
        case TokenKind::End: text += "end"; break;
        case TokenKind::Error: text += "error: " + token.text; break;
        default: text += spelling(token.kind); break;
        }
        text += fmt::format("@{}", token.offset);
        if (token.length != 1 && token.kind != TokenKind::End) text += fmt::format("+{}", token.length);
    }
    return text;
}

}  // namespace

TEST_SUITE("expr") {

TEST_CASE("the lexer splits operators, names and literals with their byte ranges") {
    CHECK(tokens_of("max(wallet - revenue, 0)") == "max@0+3 (@3 wallet@4+6 -@11 revenue@13+7 ,@20 0@22 )@23 end@24");
    CHECK(tokens_of("a<=b>=c==d!=e<f>g") == "a@0 <=@1+2 b@3 >=@4+2 c@6 ==@7+2 d@9 !=@10+2 e@12 <@13 f@14 >@15 g@16 end@17");
    CHECK(tokens_of("x in [1, 2]") == "x@0 in@2+2 [@5 1@6 ,@7 2@9 ]@10 end@11");
    CHECK(tokens_of(" \t\r\n+ * / % ") == "+@4 *@6 /@8 %@10 end@12");
}

TEST_CASE("keywords are not names, but longer words starting with one are") {
    CHECK(tokens_of("and or not in true false missing") ==
          "and@0+3 or@4+2 not@7+3 in@11+2 true@14+4 false@19+5 missing@25+7 end@32");
    CHECK(tokens_of("android notes inx") == "android@0+7 notes@8+5 inx@14+3 end@17");
    CHECK(tokens_of("AND") == "AND@0+3 end@3");
}

TEST_CASE("dotted names are one name") {
    CHECK(tokens_of("strategic.lighthouse and metric.revenue") ==
          "strategic.lighthouse@0+20 and@21+3 metric.revenue@25+14 end@39");
    CHECK(tokens_of("metric.q1 + segment.2x") == "metric.q1@0+9 +@10 segment.2x@12+10 end@22");
}

TEST_CASE("names may hold UTF-8 letters and underscores") {
    CHECK(tokens_of("größe_2 + _x") == "größe_2@0+9 +@10 _x@12+2 end@14");
}

TEST_CASE("numbers may have a fraction, a leading dot and an exponent") {
    CHECK(tokens_of("1e6 1000000 0.5 .5 2.5E-3 7.") == "1000000@0+3 1000000@4+7 0.5@12+3 0.5@16+2 0.0025@19+6 7@26+2 end@28");
}

TEST_CASE("strings take double or single quotes and escape quotes and backslashes") {
    CHECK(tokens_of(R"("high" 'low')") == R"("high"@0+6 "low"@7+5 end@12)");
    CHECK(tokens_of(R"("say \"hi\"" 'it\'s' "a\\b" "")") == R"("say "hi""@0+12 "it's"@13+7 "a\b"@21+6 ""@28+2 end@30)");
    CHECK(tokens_of(R"("it's")") == R"("it's"@0+6 end@6)");
}

TEST_CASE("the lexer stops at the first error and says what is wrong") {
    CHECK(tokens_of("a # b") == "a@0 error: unexpected character '#'@2");
    CHECK(tokens_of("\"open") == "error: unterminated string@0+5");
    CHECK(tokens_of("'open\\'") == "error: unterminated string@0+7");
    CHECK(tokens_of("a = 1") == "a@0 error: unexpected character '=' (use '==' to compare)@2");
    CHECK(tokens_of("a && b") == "a@0 error: unexpected character '&' (use 'and')@2");
    CHECK(tokens_of("a || b") == "a@0 error: unexpected character '|' (use 'or')@2");
    CHECK(tokens_of("!a") == "error: unexpected character '!' (use 'not', or '!=' to compare)@0");
    CHECK(tokens_of("a\x01") == "a@0 error: unexpected character '\\x01'@1");
    CHECK(tokens_of("12abc") == "error: malformed number '12abc'@0+5");
    CHECK(tokens_of("1e") == "error: malformed number '1e'@0+2");
    CHECK(tokens_of("1.2.3") == "error: malformed number '1.2.3'@0+5");
    CHECK(tokens_of("1e999") == "error: number '1e999' is out of range@0+5");
    CHECK(tokens_of(R"("C:\temp")") == R"(error: unknown escape '\t' in string (use '\\' for a backslash)@3+2)");
}

TEST_CASE("describe shows a token as the user wrote it") {
    std::string_view source = "max(\"a very long string literal that goes on and on\")";
    auto tokens = tokenize(source);
    CHECK(describe(tokens[0], source) == "'max'");
    CHECK(describe(tokens[2], source) == "'\"a very long string literal th...'");
    CHECK(describe(tokens.back(), source) == "end of expression");
}

}  // TEST_SUITE
