#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/table/column.hpp"
#include "kamscore/value.hpp"

namespace kamscore::expr {

/// What a name in an expression stands for, settled at compile time.
struct Binding {
    Type type = Type::Number;
    int slot = -1;                  ///< >= 0: a column of the Frame
    std::optional<Value> constant;  ///< a param: folded into the program
    std::string unavailable;        ///< non-empty: a known name that cannot be used here, and why
                                    ///< (e.g. "'score' is not known yet in derived values")
};

/// The names an expression may use: fields, derived values, params, and after scoring
/// `score`, `strategic`, `strategic.<id>`, `metric.<id>`, ... Dotted names are one name.
class Scope {
public:
    void add_slot(std::string name, Type type, int slot);
    void add_constant(std::string name, Value value);
    void add_unavailable(std::string name, Type type, std::string reason);
    const Binding* find(std::string_view name) const;
    /// Names usable here, for "did you mean".
    std::vector<std::string> usable_names() const;

private:
    std::map<std::string, Binding, std::less<>> bindings_;
};

/// A compile error at a byte range of the expression source.
struct CompileError {
    std::size_t offset = 0;
    std::size_t length = 1;
    std::string message;   ///< e.g. "unknown name 'revenu' (did you mean 'revenue'?)"
};

/// Facts fixed for one run that expressions may depend on.
struct CompileOptions {
    double today = 0;              ///< days since 1970-01-01, for days_since()
    int max_depth = 200;           ///< nesting limit: deeper expressions are an error, not a crash
};

/// A compiled expression. Evaluates a range of rows column-wise: each instruction runs over a
/// batch of rows, reading frame slots directly; no names, no tree walk, no allocation per row.
class Program {
public:
    Program();
    ~Program();
    Program(Program&&) noexcept;
    Program& operator=(Program&&) noexcept;

    Type type() const;
    /// Frame slots the expression reads (for explanations and liveness), sorted, unique.
    const std::vector<int>& slots_read() const;
    /// Names the expression uses, slots and constants (params) alike, sorted, unique (for lint:
    /// "defined but never used").
    const std::vector<std::string>& names_read() const;
    /// Evaluates rows [begin, end) of `frame` into out[begin, end). `out` must have type()
    /// and at least `end` cells. Text results that are not views of a frame column are
    /// copied into `text_storage`.
    void run(const Frame& frame, std::size_t begin, std::size_t end, Column& out,
             TextArena& text_storage) const;
    /// Evaluates one row to a Value (explain, tests).
    Value evaluate_row(const Frame& frame, std::size_t row) const;
    /// The instructions, one per line ("b3 = less_number n2, 10"), for tests and debugging.
    std::string listing() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    friend struct ProgramBuilder;
};

struct CompileResult {
    std::optional<Program> program;     ///< set when errors is empty
    std::vector<CompileError> errors;   ///< all errors found, in source order
};

/// Lexes, parses, type-checks and compiles `source` against `scope`. With `expected`, a
/// result of another type is an error ("expected a condition (bool), found number").
/// The language is described in src/expr/README.md.
CompileResult compile(std::string_view source, const Scope& scope,
                      std::optional<Type> expected = std::nullopt, const CompileOptions& options = {});

/// The names of the built-in functions, for messages and lint.
const std::vector<std::string>& function_names();

}  // namespace kamscore::expr
