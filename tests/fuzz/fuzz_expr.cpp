// libFuzzer target: the expression lexer, parser, type checker and compiler (expr::compile)
// against a small Scope, then the program on a three-row Frame with every type and missing
// cells. The first byte picks the expected type (none, number, bool, text, date).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kamscore/expr/compile.hpp"
#include "kamscore/table/parse_value.hpp"

namespace {

using namespace kamscore;

struct Fixture {
    Frame frame;
    expr::Scope scope;
    expr::CompileOptions options;

    int add(std::string name, Type type) {
        int slot = frame.add_column(name, type);
        scope.add_slot(std::move(name), type, slot);
        return slot;
    }
    Column& column(int slot) { return frame.columns[static_cast<std::size_t>(slot)]; }

    Fixture() {
        frame.rows = 3;
        column(add("revenue", Type::Number)).numbers = {1e6, missing_number, -0.0};
        column(add("wallet", Type::Number)).numbers = {0, 1e308, 2.5};
        column(add("flag", Type::Bool)).bools = {bool_true, bool_missing, bool_false};
        auto& texts = column(add("complexity", Type::Text)).texts;
        texts = {frame.arena.store("high"), std::string_view(), frame.arena.store("")};
        column(add("signed", Type::Date)).numbers = {days_from_civil(2024, 2, 29), missing_number, -1e6};
        scope.add_constant("min_score", Value::of_number(70));
        scope.add_constant("label", Value::of_text("Key"));
        scope.add_constant("none", Value::missing_of(Type::Number));
        scope.add_constant("cutoff", Value::of_date(days_from_civil(2024, 1, 1)));
        scope.add_constant("on", Value::of_bool(true));
        scope.add_unavailable("score", Type::Number, "'score' is not known yet in derived values");
        options.today = days_from_civil(2024, 6, 30);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static Fixture fixture;
    static constexpr Type types[] = {Type::Number, Type::Bool, Type::Text, Type::Date};
    std::optional<Type> expected;
    if (data[0] % 5 != 0) expected = types[data[0] % 5 - 1];
    std::string_view source(reinterpret_cast<const char*>(data) + 1, size - 1);

    expr::CompileResult result = expr::compile(source, fixture.scope, expected, fixture.options);
    if (!result.program) {
        if (result.errors.empty()) __builtin_trap();
        for (const auto& error : result.errors)
            if (error.offset > source.size()) __builtin_trap();
        return 0;
    }
    if (!result.errors.empty()) __builtin_trap();
    const expr::Program& program = *result.program;
    if (expected && program.type() != *expected) __builtin_trap();
    (void)program.listing();
    Column out(program.type());
    out.resize(fixture.frame.rows);
    TextArena text_storage;
    program.run(fixture.frame, 0, fixture.frame.rows, out, text_storage);
    for (std::size_t row = 0; row < fixture.frame.rows; ++row) (void)program.evaluate_row(fixture.frame, row);
    return 0;
}
