// Streams the rows of one worksheet's XML (xl/worksheets/sheetN.xml): fed in chunks, it
// hands out one row at a time, its cells as text (see excel_values.hpp), so that memory does
// not grow with the number of rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/excel_values.hpp"

namespace kamscore {

class XmlParser;

/// A cell with a value, as the sheet XML gives it; empty cells are left out. (Not output's
/// SheetCell, a cell kamscore writes: one name for two types would break the one-definition rule.)
struct WorksheetCell {
    std::uint32_t column = 0;   ///< 0-based: A is 0
    std::string text;
};

struct SheetRow {
    std::uint64_t number = 0;        ///< 1-based row number of the sheet
    std::vector<WorksheetCell> cells;    ///< in the order written (which is column order)
};

/// A merged range of cells, 0-based columns and 1-based rows, inclusive.
struct MergedRange {
    std::uint32_t first_column = 0, last_column = 0;
    std::uint64_t first_row = 0, last_row = 0;
};

/// What the sheet needs from the rest of the workbook.
struct SheetContext {
    const std::vector<std::string>* shared_strings = nullptr;
    const std::vector<NumberStyle>* styles = nullptr;
    bool date1904 = false;
    std::size_t max_row_bytes = std::size_t{64} << 20;   ///< the text of one row
};

/// The largest column a sheet has (XFD), 0-based.
inline constexpr std::uint32_t max_sheet_column = 16383;

/// "C7" -> column 2, row 7; false for anything else (or beyond XFD / 2^40 rows).
bool parse_cell_reference(std::string_view reference, std::uint32_t& column, std::uint64_t& row);
/// 2 -> "C".
std::string column_letters(std::uint32_t column);

/// Malformed sheet content that is well-formed XML: a cell naming a shared string that does
/// not exist, a row larger than the cap, a bad cell reference.
struct SheetError {
    std::string message;
};

class SheetParser {
public:
    /// `part` names the sheet's XML in errors. With `collect_merges`, <mergeCell> ranges are
    /// kept (they come after the rows).
    SheetParser(SheetContext context, std::string part, bool collect_merges = false);
    ~SheetParser();
    SheetParser(const SheetParser&) = delete;
    SheetParser& operator=(const SheetParser&) = delete;

    /// Feeds the next chunk of XML (an empty one at the end). The chunk must stay alive and
    /// unchanged until has_row() is false after take_row(): a row ends the parse of a chunk
    /// early, and the rest is parsed by the next take_row().
    void feed(const char* data, std::size_t size, bool is_final);
    /// True when a complete row is ready.
    bool has_row() const { return has_row_; }
    /// The ready row (valid until the next call), and goes on parsing the current chunk.
    const SheetRow& row() const { return row_; }
    void next();
    /// True when the current chunk is parsed to its end (feed the next one).
    bool needs_input() const { return !has_row_ && !suspended_; }
    const std::vector<MergedRange>& merged_ranges() const;
    /// The last column of the sheet's <dimension ref="A1:F9">, which comes before the rows
    /// (0-based; nullopt without one).
    std::optional<std::uint32_t> dimension_last_column() const;

private:
    void after_parse(bool finished);
    struct Handler;
    std::unique_ptr<Handler> handler_;
    std::unique_ptr<XmlParser> parser_;
    SheetRow row_;
    bool has_row_ = false;
    bool suspended_ = false;
};

}  // namespace kamscore
