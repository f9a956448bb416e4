#include "output/xlsx_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "kamscore/error.hpp"
#include "kamscore/io/write_error.hpp"
#include "kamscore/io/write_in_pieces.hpp"
#include "kamscore/output/cell_format.hpp"
#include "kamscore/output/display_width.hpp"
#include "output/table_check.hpp"
#include "output/utf8_text.hpp"

namespace kamscore {

namespace {

// Excel keeps at most this many characters (UTF-16 units) in a cell; libxlsxwriter refuses more.
constexpr std::size_t max_cell_units = 32767;
// Excel's day 0 is 1899-12-30 (serials count the phantom 1900-02-29, so this holds from
// 1900-03-01 on); earlier dates and those past 9999 have no serial and are written as text.
constexpr double excel_epoch_offset = 25569;
constexpr double first_serial = 61;         // 1900-03-01
constexpr double last_serial = 2958465;     // 9999-12-31
constexpr double header_filter_room = 3;    // the autofilter button covers the header's end

[[noreturn]] void fail(const char* what, lxw_error error) {
    throw Error(ExitCode::IoFailure, fmt::format("cannot write xlsx ({}): {}", what, lxw_strerror(error)));
}

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) fail(what, error);
}

/// A temporary directory removed with everything in it, whatever happens.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kamscore-xlsx-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw Error(ExitCode::IoFailure,
                        fmt::format("cannot create a temporary directory for the xlsx file in '{}': {}",
                                    pattern.substr(0, pattern.rfind('/')), std::strerror(errno)));
        path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Owns the workbook until it is closed, so that an exception does not leak it.
struct WorkbookHandle {
    lxw_workbook* workbook = nullptr;
    ~WorkbookHandle() {
        if (workbook) workbook_close(workbook);   // only after a failure: the file is discarded
    }
    lxw_error close() {
        lxw_error error = workbook_close(workbook);
        workbook = nullptr;
        return error;
    }
};

/// The formats of one workbook, made once (libxlsxwriter keeps them until close).
class Formats {
public:
    explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
        header = workbook_add_format(workbook);
        format_set_bold(header);
        format_set_bg_color(header, 0xDDEBF7);
        format_set_bottom(header, LXW_BORDER_THIN);
        date = workbook_add_format(workbook);
        format_set_num_format(date, "yyyy-mm-dd");
        percent = workbook_add_format(workbook);
        format_set_num_format(percent, "0.0%");
        caption = workbook_add_format(workbook);
        format_set_bold(caption);
        format_set_bg_color(caption, 0xBDD7EE);
        format_set_text_wrap(caption);
        format_set_align(caption, LXW_ALIGN_VERTICAL_TOP);
        title = workbook_add_format(workbook);
        format_set_bold(title);
        whole = workbook_add_format(workbook);
        format_set_num_format(whole, "#,##0");
        amount = workbook_add_format(workbook);
        format_set_num_format(amount, "#,##0.00");
        wrapped = workbook_add_format(workbook);
        format_set_text_wrap(wrapped);
        format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);
    }
    /// "0.00" for 2 decimals, "0" for 0; nullptr (General) for the shortest exact form.
    lxw_format* for_decimals(int decimals) {
        if (decimals < 0) return nullptr;
        decimals = std::min(decimals, max_decimals);
        auto [it, is_new] = fixed_.try_emplace(decimals, nullptr);
        if (is_new) {
            it->second = workbook_add_format(workbook_);
            std::string code(static_cast<std::size_t>(decimals == 0 ? 1 : decimals + 2), '0');   // "0.00"
            if (decimals > 0) code[1] = '.';
            format_set_num_format(it->second, code.c_str());
        }
        return it->second;
    }

    lxw_format* header;     ///< the header row (the ids under captions)
    lxw_format* caption;    ///< the captions row above the ids
    lxw_format* date;
    lxw_format* percent;
    lxw_format* title;
    lxw_format* whole;
    lxw_format* amount;
    lxw_format* wrapped;

private:
    lxw_workbook* workbook_;
    std::map<int, lxw_format*> fixed_;
};

std::string cell_string(std::string_view text) {
    std::string valid;
    append_valid_utf8(valid, text);
    if (valid.size() > max_cell_units) valid.resize(prefix_within_utf16_units(valid, max_cell_units).size());
    return valid;
}

void write_string(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    const std::string cell = cell_string(text);
    check(worksheet_write_string(sheet, row, col, cell.c_str(), format), "a text cell");
}

void write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const OutputColumn& column, std::uint32_t source,
                Formats& formats) {
    const Column& cells = *column.column;
    switch (cells.type) {
    case Type::Number: {
        const double value = cells.numbers[source];
        if (std::isfinite(value))
            check(worksheet_write_number(sheet, row, col, value, formats.for_decimals(column.decimals)), "a number");
        break;
    }
    case Type::Date: {
        const double days = cells.numbers[source];
        if (!std::isfinite(days)) break;
        const double serial = days + excel_epoch_offset;
        if (serial >= first_serial && serial <= last_serial) {
            check(worksheet_write_number(sheet, row, col, serial, formats.date), "a date");
        } else {
            char text[max_cell_chars];
            const char* end = format_date_cell(text, days);
            write_string(sheet, row, col, std::string_view(text, static_cast<std::size_t>(end - text)), nullptr);
        }
        break;
    }
    case Type::Bool:
        if (cells.bools[source] != bool_missing)
            check(worksheet_write_boolean(sheet, row, col, cells.bools[source] == bool_true, nullptr), "a boolean");
        break;
    case Type::Text: {
        const std::string_view text = cells.texts[source];
        if (!text.empty()) write_string(sheet, row, col, text, nullptr);
        break;
    }
    }
}

/// Widths in Excel's units (about one character each): the widest cell as text shows it,
/// the header plus its filter button, capped.
std::vector<double> column_widths(const std::vector<const OutputColumn*>& columns, const OutputTable& table) {
    std::vector<double> widths;
    char scratch[max_cell_chars];
    for (const OutputColumn* column : columns) {
        std::size_t widest = 0;
        for (const std::uint32_t row : table.rows)
            widest = std::max(widest, display_width(cell_text(*column, row, scratch)));
        if (column->column->type == Type::Bool && widest > 0) widest = 5;   // TRUE / FALSE
        // A caption wraps onto a second line rather than widening its column past the name's.
        const double caption = std::min(static_cast<double>(display_width(column->caption)), 18.0);
        const double header = std::max(static_cast<double>(display_width(column->name)) + header_filter_room, caption + 1);
        widths.push_back(std::min(XlsxWriter::max_column_width, std::max({header, static_cast<double>(widest) + 1, 6.0})));
    }
    return widths;
}

/// Printed (or made a PDF of) for a meeting: landscape; a sheet of a few columns (`fit_width`)
/// on the page's width. The customers keep their size: twenty columns on one page are too
/// small to read, so their pages continue to the right, the header rows on each.
void print_for_the_board(lxw_worksheet* sheet, bool fit_width) {
    worksheet_set_landscape(sheet);
    if (fit_width) worksheet_fit_to_pages(sheet, 1, 0);
}

void write_customer_sheets(lxw_workbook* workbook, const std::vector<const OutputColumn*>& columns,
                           const OutputTable& table, Formats& formats, std::uint32_t rows_per_sheet) {
    const std::vector<double> widths = column_widths(columns, table);
    // Captions (the rule file's labels) above the names: the filter buttons and the frozen
    // pane sit on the names' row, the last header row, so that sorting keeps both rows on top.
    const bool has_captions = std::any_of(columns.begin(), columns.end(),
                                          [](const OutputColumn* column) { return !column->caption.empty(); });
    const lxw_row_t header_rows = has_captions ? 2 : 1;
    const std::size_t data_rows_per_sheet = rows_per_sheet - header_rows;
    const auto last_col = static_cast<lxw_col_t>(columns.size() - 1);
    std::size_t next = 0;
    for (int sheet_number = 1; sheet_number == 1 || next < table.rows.size(); ++sheet_number) {
        const std::string name = sheet_number == 1 ? std::string("Customers") : fmt::format("Customers {}", sheet_number);
        lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
        if (sheet == nullptr) fail("a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        const std::size_t count = std::min(data_rows_per_sheet, table.rows.size() - next);
        for (std::size_t c = 0; c < columns.size(); ++c)
            check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr),
                  "column widths");
        print_for_the_board(sheet, false);
        check(worksheet_repeat_rows(sheet, 0, header_rows - 1), "the printed header");
        worksheet_freeze_panes(sheet, header_rows, 0);
        check(worksheet_autofilter(sheet, header_rows - 1, 0, static_cast<lxw_row_t>(header_rows - 1 + count), last_col),
              "the autofilter");
        // Two lines for captions that wrap ("Strategic reasons met" over a narrow column).
        if (has_captions) check(worksheet_set_row(sheet, 0, 30, nullptr), "the caption row");
        if (has_captions)
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const std::string& caption = columns[c]->caption.empty() ? columns[c]->name : columns[c]->caption;
                write_string(sheet, 0, static_cast<lxw_col_t>(c), caption, formats.caption);
            }
        for (std::size_t c = 0; c < columns.size(); ++c)
            write_string(sheet, header_rows - 1, static_cast<lxw_col_t>(c), columns[c]->name, formats.header);
        for (std::size_t r = 0; r < count; ++r)
            for (std::size_t c = 0; c < columns.size(); ++c)
                write_cell(sheet, static_cast<lxw_row_t>(header_rows + r), static_cast<lxw_col_t>(c), *columns[c],
                           table.rows[next + r], formats);
        next += count;
    }
}

lxw_format* style_format(Formats& formats, SheetCell::Style style) {
    switch (style) {
    case SheetCell::Style::Plain: return nullptr;
    case SheetCell::Style::Header: return formats.header;
    case SheetCell::Style::Title: return formats.title;
    case SheetCell::Style::Percent: return formats.percent;
    case SheetCell::Style::Fixed2: return formats.for_decimals(2);
    case SheetCell::Style::Whole: return formats.whole;
    case SheetCell::Style::Amount: return formats.amount;
    case SheetCell::Style::Wrapped: return formats.wrapped;
    }
    return nullptr;
}

void write_extra_sheet(lxw_workbook* workbook, const Sheet& sheet, Formats& formats) {
    // A name Excel refuses (too long, []:*?/\, taken) is the caller's mistake, not the disk's.
    if (const lxw_error error = workbook_validate_sheet_name(workbook, sheet.name.c_str()); error != LXW_NO_ERROR)
        throw std::invalid_argument(fmt::format("xlsx: sheet name '{}': {}", sheet.name, lxw_strerror(error)));
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (worksheet == nullptr) fail("a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
    print_for_the_board(worksheet, true);
    for (std::size_t c = 0; c < sheet.column_widths.size(); ++c)
        check(worksheet_set_column(worksheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                   sheet.column_widths[c], nullptr),
              "column widths");
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r);
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const SheetCell& cell = sheet.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            lxw_format* format = style_format(formats, cell.style);
            switch (cell.kind) {
            case SheetCell::Kind::Empty:
                if (format) check(worksheet_write_blank(worksheet, row, col, format), "a blank cell");
                break;
            case SheetCell::Kind::Text: write_string(worksheet, row, col, cell.text, format); break;
            case SheetCell::Kind::Number:
                if (std::isfinite(cell.number)) check(worksheet_write_number(worksheet, row, col, cell.number, format), "a number");
                break;
            }
        }
    }
}

void copy_file(const std::string& path, std::FILE* out) {
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr)
        throw Error(ExitCode::IoFailure,
                    fmt::format("cannot read the temporary xlsx file: {}", std::strerror(errno)));
    std::vector<char> buffer(1 << 20);
    bool ok = true;
    int write_errno = 0;
    while (std::size_t got = std::fread(buffer.data(), 1, buffer.size(), in)) {
        if (!write_in_pieces(out, buffer.data(), got)) {
            ok = false;
            write_errno = errno;
            break;
        }
    }
    std::fclose(in);
    if (ok && std::fflush(out) != 0) {
        ok = false;
        write_errno = errno;
    }
    if (!ok) throw WriteError(write_errno);
}

}  // namespace

XlsxWriter::XlsxWriter(WriteOptions options, std::uint32_t rows_per_sheet)
    : options_(std::move(options)), rows_per_sheet_(std::clamp<std::uint32_t>(rows_per_sheet, 2, max_rows_per_sheet)) {}

void XlsxWriter::write(const OutputTable& table, std::FILE* out) {
    check_output_table(table);
    if (isatty(fileno(out)) == 1)
        throw Error(ExitCode::BadCommandLine,
                    "xlsx is a binary file and standard output is a terminal: "
                    "write it with -o FILE.xlsx (or redirect standard output to a file)");
    std::vector<const OutputColumn*> columns;
    for (const OutputColumn& column : table.columns)
        if (column.in_flat_output) columns.push_back(&column);
    if (columns.empty()) throw std::invalid_argument("xlsx: no columns to write");

    TemporaryDirectory directory;
    const std::string path = directory.path() + "/result.xlsx";
    lxw_workbook_options workbook_options{};
    workbook_options.constant_memory = LXW_TRUE;
    workbook_options.tmpdir = const_cast<char*>(directory.path().c_str());   // libxlsxwriter only reads it
    WorkbookHandle handle;
    handle.workbook = workbook_new_opt(path.c_str(), &workbook_options);
    if (handle.workbook == nullptr) fail("a workbook", LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (options_.created) {
        // docProps/core.xml carries this time; without it libxlsxwriter writes the clock's, and
        // two runs on the same input differ. libxlsxwriter reads 0 as "now": the first second
        // of 1970 is written as the second after it.
        lxw_doc_properties properties{};
        properties.created = static_cast<std::time_t>(std::max<std::int64_t>(*options_.created, 1));
        check(workbook_set_properties(handle.workbook, &properties), "the document properties");
    }

    Formats formats(handle.workbook);
    write_customer_sheets(handle.workbook, columns, table, formats, rows_per_sheet_);
    for (const Sheet& sheet : options_.sheets) write_extra_sheet(handle.workbook, sheet, formats);
    check(handle.close(), "closing the workbook");
    copy_file(path, out);
}

}  // namespace kamscore
