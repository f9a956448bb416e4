#include "output/table_check.hpp"

#include <algorithm>
#include <stdexcept>

namespace kamscore {

void check_output_table(const OutputTable& table) { check_output_rows(table.columns, table.rows); }

void check_output_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows) {
    std::size_t rows_needed = 0;
    if (!rows.empty()) rows_needed = std::size_t{*std::max_element(rows.begin(), rows.end())} + 1;
    for (const OutputColumn& column : columns) {
        if (column.column == nullptr)
            throw std::invalid_argument("output column '" + column.name + "' has no cells");
        if (column.column->size() < rows_needed)
            throw std::invalid_argument("output column '" + column.name + "' is shorter than the rows to write");
    }
}

}  // namespace kamscore
