#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <span>
#include <vector>

#include "kamscore/table/column.hpp"

namespace kamscore {

enum class Format { Table, Csv, Tsv, Json, Jsonl, Markdown, Xlsx };

/// "table" "csv" "tsv" "json" "jsonl" "markdown" (or "md") "xlsx" -> Format.
std::optional<Format> format_from_name(std::string_view name);
/// From a path's extension: .csv .tsv/.tab .json .jsonl/.ndjson .md/.markdown .xlsx;
/// nullopt otherwise.
std::optional<Format> format_from_path(std::string_view path);
std::string_view format_name(Format format);
/// False for xlsx when kamscore was built without libxlsxwriter.
bool format_supported(Format format);

/// One output column, a view over a frame column.
struct OutputColumn {
    std::string name;                    ///< header in csv/tsv/table; JSON key when json_path is empty
    std::vector<std::string> json_path;  ///< nesting in JSON, e.g. {"metrics","revenue","points"}
    const Column* column = nullptr;
    int decimals = -1;                   ///< numbers: fixed decimals; -1 = shortest exact form
    bool in_flat_output = true;          ///< csv/tsv/table show only these; JSON shows all
    std::string caption{};               ///< xlsx: a first header row shows this above `name`
                                         ///< ("" = the name); any caption makes two header rows
};

/// What to write: columns, and the frame rows in output order.
struct OutputTable {
    std::vector<OutputColumn> columns;
    std::vector<std::uint32_t> rows;
};

/// A cell of an extra workbook sheet: empty, text or a number, shown in a style.
struct SheetCell {
    enum class Style {
        Plain,
        Header,    ///< bold on a tinted background, as the Customers sheet's header
        Title,     ///< bold: a block's heading
        Percent,   ///< a share 0..1 shown as 12.5%
        Fixed2,    ///< 2 decimals: 1234.50
        Amount,    ///< thousands grouped, 2 decimals: 1,234.50 (revenue)
        Whole,     ///< thousands grouped, no decimals: 1,234
        Wrapped,   ///< long text, wrapped in its cell (a file's text, one line per row)
    };
    enum class Kind { Empty, Text, Number } kind = Kind::Empty;
    std::string text;
    double number = 0;
    Style style = Style::Plain;

    static SheetCell of_text(std::string text, Style style = Style::Plain) {
        SheetCell cell;
        cell.kind = Kind::Text;
        cell.text = std::move(text);
        cell.style = style;
        return cell;
    }
    /// A missing (NaN) number is an empty cell.
    static SheetCell of_number(double number, Style style = Style::Plain) {
        SheetCell cell;
        cell.kind = number == number ? Kind::Number : Kind::Empty;
        cell.number = number;
        cell.style = style;
        return cell;
    }
};

/// A further sheet of a workbook, after the customers: rows of cells, as the caller laid them
/// out (the output stage knows nothing of what they say).
struct Sheet {
    std::string name;                    ///< at most 31 characters, none of []:*?/\ (Excel's rules)
    std::vector<double> column_widths;   ///< in Excel's character units, from column A; others default
    std::vector<std::vector<SheetCell>> rows;
};

struct WriteOptions {
    bool raw = false;          ///< csv/tsv: do not neutralise spreadsheet formulas
    bool color = false;        ///< table: colour tiers (decided by the caller: tty, NO_COLOR)
    int terminal_width = 0;    ///< table: 0 = unlimited
    std::string tier_column;   ///< table: column whose values are coloured
    std::vector<std::string> color_order;   ///< table: these values take the palette in this
                                            ///< order (tier ids, best first), so a tier keeps
                                            ///< its colour from run to run
    std::vector<Sheet> sheets;  ///< xlsx: written after the customer sheets, in this order
    bool excel = false;        ///< csv: a UTF-8 byte-order mark first and CRLF line ends, which
                               ///< Excel needs to open a double-clicked file right
    char decimal_mark = '.';   ///< csv: ',' writes decimal commas and separates cells with ';'
                               ///< (as Excel does where the comma is the decimal mark)
    bool one_thread = false;   ///< csv/tsv: format and write every row on the calling thread
    std::optional<std::int64_t> created;   ///< xlsx: creation time in the document properties
                                           ///< (seconds since 1970, UTC); none: the current time
};

/// Writes an OutputTable in one format (Miller's record-writer pattern: one class per format).
class Writer {
public:
    virtual ~Writer() = default;
    /// Writes everything, through a large buffer. Throws Error(IoFailure) when writing fails.
    virtual void write(const OutputTable& table, std::FILE* out) = 0;

    /// True for a format that needs no look at every row before writing the first (csv, tsv,
    /// json, jsonl; not the table or Markdown, which size their columns, nor xlsx). Such a
    /// writer also takes the result in batches, as the second pass of a two-pass run hands
    /// it over: begin() with the columns, write_rows() per batch with
    /// the columns of each batch (the same names in the same order; the cells may be in another
    /// frame each time), end(). The bytes are those of write() with all rows at once. `out`
    /// must stay open until end() or the writer's destruction (csv and tsv write it from a
    /// thread of their own).
    virtual bool writes_in_batches() const { return false; }
    virtual void begin(const std::vector<OutputColumn>& columns, std::FILE* out);
    virtual void write_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows);
    virtual void end();
};

/// Throws Error(BadCommandLine) for a format this build cannot write (format_supported).
std::unique_ptr<Writer> make_writer(Format format, const WriteOptions& options);

}  // namespace kamscore
