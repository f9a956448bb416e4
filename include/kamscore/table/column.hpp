#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/text_arena.hpp"
#include "kamscore/value.hpp"

namespace kamscore {

/// One typed column. Only the vector that matches `type` is used:
///  - Number and Date: `numbers`, NaN = missing (dates as days since 1970-01-01);
///  - Bool: `bools`, Bool3 (1, 0, -1 = missing);
///  - Text: `texts`, a default-constructed view (data() == nullptr) = missing. The bytes live
///    in a TextArena that outlives the column (usually the Frame's).
struct Column {
    Type type = Type::Number;
    std::vector<double> numbers;
    std::vector<Bool3> bools;
    std::vector<std::string_view> texts;

    explicit Column(Type t = Type::Number) : type(t) {}
    std::size_t size() const;
    void resize(std::size_t rows);   ///< new cells are missing
    void reserve(std::size_t rows);
    bool is_missing_at(std::size_t row) const;
};

/// Columns of equal length addressed by slot number. Expressions are compiled to slot
/// numbers, so no name is looked up while rows are evaluated.
struct Frame {
    std::vector<Column> columns;
    std::vector<std::string> names;   ///< for messages and debugging only
    std::size_t rows = 0;
    TextArena arena;

    /// Appends a column of `rows` missing cells and returns its slot.
    int add_column(std::string name, Type type);
    /// A frame with the same columns (names, types) and no rows.
    Frame empty_like() const;
};

}  // namespace kamscore
