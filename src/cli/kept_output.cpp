#include "cli/kept_output.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kamscore {

void append_kept_columns(std::vector<OutputColumn>& columns, const KeptColumns& kept, const Frame& frame) {
    const std::size_t computed = columns.size();
    for (const KeptColumns::Kept& input : kept.columns()) {
        const bool is_taken = std::any_of(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(computed),
                                          [&](const OutputColumn& column) { return column.name == input.name; });
        OutputColumn column;
        column.name = is_taken ? fmt::format("input_{}", input.name) : input.name;
        column.json_path = {"input", input.name};
        column.column = &frame.columns[static_cast<std::size_t>(input.slot)];
        columns.push_back(std::move(column));
    }
}

}  // namespace kamscore
