#include "output/xlsx_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "kamscore/error.hpp"
#include "kamscore/io/write_error.hpp"
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

    lxw_format* header;
    lxw_format* date;
    lxw_format* percent;

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
        const double header = static_cast<double>(display_width(column->name)) + header_filter_room;
        widths.push_back(std::min(XlsxWriter::max_column_width, std::max({header, static_cast<double>(widest) + 1, 6.0})));
    }
    return widths;
}

void write_customer_sheets(lxw_workbook* workbook, const std::vector<const OutputColumn*>& columns,
                           const OutputTable& table, Formats& formats, std::uint32_t rows_per_sheet) {
    const std::vector<double> widths = column_widths(columns, table);
    const std::size_t data_rows_per_sheet = rows_per_sheet - 1;
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
        worksheet_freeze_panes(sheet, 1, 0);
        check(worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(count), last_col), "the autofilter");
        for (std::size_t c = 0; c < columns.size(); ++c)
            write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c]->name, formats.header);
        for (std::size_t r = 0; r < count; ++r)
            for (std::size_t c = 0; c < columns.size(); ++c)
                write_cell(sheet, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), *columns[c],
                           table.rows[next + r], formats);
        next += count;
    }
}

const OutputColumn* find_column(const OutputTable& table, const std::string& name) {
    for (const OutputColumn& column : table.columns)
        if (column.name == name) return &column;
    return nullptr;
}

/// Rows per value of one column: the values in `order` first (all tiers, even those no
/// customer reached), then the others as they first appear.
struct ValueCounts {
    std::vector<std::string> values;
    std::vector<std::string> labels;
    std::vector<std::size_t> counts;
};

ValueCounts count_values(const OutputColumn& column, const OutputColumn* labels, const OutputTable& table,
                         const std::vector<std::string>& order) {
    ValueCounts result;
    std::map<std::string, std::size_t, std::less<>> index;
    auto slot = [&](std::string_view value) {
        auto found = index.find(value);
        if (found != index.end()) return found->second;
        index.emplace(std::string(value), result.values.size());
        result.values.emplace_back(value);
        result.labels.emplace_back();
        result.counts.push_back(0);
        return result.values.size() - 1;
    };
    for (const std::string& value : order) slot(value);
    char scratch[max_cell_chars];
    char label_scratch[max_cell_chars];
    for (const std::uint32_t row : table.rows) {
        std::string_view value = cell_text(column, row, scratch);
        const std::size_t i = slot(value.empty() ? std::string_view("(none)") : value);
        ++result.counts[i];
        if (labels && result.labels[i].empty()) result.labels[i] = cell_text(*labels, row, label_scratch);
    }
    return result;
}

void write_summary_sheet(lxw_workbook* workbook, const OutputTable& table, const WriteOptions& options,
                         Formats& formats) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Summary");
    if (sheet == nullptr) fail("a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
    check(worksheet_set_column(sheet, 0, 1, 24, nullptr), "column widths");
    check(worksheet_set_column(sheet, 2, 3, 12, nullptr), "column widths");
    std::vector<std::string> names = options.summary_columns;
    if (names.empty() && !options.tier_column.empty()) names.push_back(options.tier_column);

    const double total = static_cast<double>(table.rows.size());
    lxw_row_t row = 0;
    for (const std::string& name : names) {
        const OutputColumn* column = find_column(table, name);
        if (column == nullptr) continue;
        const OutputColumn* labels = find_column(table, name + "_label");
        const ValueCounts counts =
            count_values(*column, labels, table, name == options.tier_column ? options.color_order : std::vector<std::string>{});
        if (row > 0) ++row;   // a blank line between blocks
        write_string(sheet, row, 0, name, formats.header);
        write_string(sheet, row, 1, labels ? labels->name : std::string_view(), formats.header);
        write_string(sheet, row, 2, "customers", formats.header);
        write_string(sheet, row, 3, "share", formats.header);
        ++row;
        for (std::size_t i = 0; i < counts.values.size(); ++i, ++row) {
            write_string(sheet, row, 0, counts.values[i], nullptr);
            if (!counts.labels[i].empty()) write_string(sheet, row, 1, counts.labels[i], nullptr);
            const auto count = static_cast<double>(counts.counts[i]);
            check(worksheet_write_number(sheet, row, 2, count, nullptr), "a count");
            if (total > 0) check(worksheet_write_number(sheet, row, 3, count / total, formats.percent), "a share");
        }
    }
    if (row > 0) ++row;
    write_string(sheet, row, 0, "total", formats.header);
    write_string(sheet, row, 1, "", formats.header);
    check(worksheet_write_number(sheet, row, 2, total, formats.header), "the total");
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
        if (std::fwrite(buffer.data(), 1, got, out) != got) {
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
    write_summary_sheet(handle.workbook, table, options_, formats);
    check(handle.close(), "closing the workbook");
    copy_file(path, out);
}

}  // namespace kamscore
