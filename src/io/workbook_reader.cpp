#include "io/workbook_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/sheet_parser.hpp"
#include "io/workbook_parts.hpp"
#include "io/xml_parser.hpp"
#include "io/zip_archive.hpp"
#include "kamscore/error.hpp"

namespace kamscore {
namespace {

// What one part may unpack to. A sheet of a million rows of twenty columns is about 1 GB of
// XML; the parts held in memory (shared strings, styles, the sheet list) are far smaller.
constexpr std::uint64_t max_sheet_bytes = std::uint64_t{8} << 30;
constexpr std::uint64_t max_held_part_bytes = std::uint64_t{1} << 30;
constexpr std::uint64_t max_small_part_bytes = std::uint64_t{64} << 20;
constexpr std::size_t chunk_bytes = std::size_t{1} << 16;
// Rows with a single value above the header that are taken for a title, at most.
constexpr std::size_t max_title_rows = 10;

std::string sheet_list(const WorkbookInfo& info) {
    std::string names;
    for (const SheetEntry& sheet : info.sheets)
        names += fmt::format("{}\"{}\"{}", names.empty() ? "" : ", ", sheet.name, sheet.is_hidden ? " (hidden)" : "");
    return names;
}

const SheetEntry& choose_sheet(const WorkbookInfo& info, const std::string& wanted, const std::string& preferred,
                               const std::string& file) {
    if (info.sheets.empty())
        throw Error(ExitCode::BadData, "the workbook lists no sheets; save it again in Excel or LibreOffice",
                    ErrorLocation{file});
    if (wanted.empty()) {
        for (const SheetEntry& sheet : info.sheets)
            if (!preferred.empty() && sheet.name == preferred) return sheet;
        for (const SheetEntry& sheet : info.sheets)
            if (!sheet.is_hidden) return sheet;
        return info.sheets.front();
    }
    for (const SheetEntry& sheet : info.sheets)
        if (sheet.name == wanted) return sheet;
    // Sheet names are case-insensitive in Excel.
    const auto lower = [](std::string text) {
        for (char& c : text)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return text;
    };
    for (const SheetEntry& sheet : info.sheets)
        if (lower(sheet.name) == lower(wanted)) return sheet;
    throw Error(ExitCode::BadData,
                fmt::format("the workbook has no sheet \"{}\"; its sheets: {}", wanted, sheet_list(info)),
                ErrorLocation{file});
}

/// One past the last column holding a value (cells may be written out of order).
std::size_t columns_used(const SheetRow& row) {
    std::size_t used = 0;
    for (const WorksheetCell& cell : row.cells) used = std::max<std::size_t>(used, cell.column + std::size_t{1});
    return used;
}

class WorkbookReader final : public RecordReader {
public:
    WorkbookReader(std::unique_ptr<ZipArchive> archive, const WorkbookOptions& options, std::size_t max_record_bytes)
        : archive_(std::move(archive)), file_(archive_->display_name()) {
        if (!archive_->contains("xl/workbook.xml")) {
            if (archive_->contains("xl/workbook.bin"))
                throw Error(ExitCode::BadData,
                            "it is a binary Excel workbook (.xlsb), which kamscore does not read; save it as .xlsx "
                            "(Excel Workbook) or as CSV",
                            ErrorLocation{file_});
            throw Error(ExitCode::BadData,
                        "it is a zip archive but no Excel workbook (it has no xl/workbook.xml); save the data as "
                        ".xlsx or as CSV",
                        ErrorLocation{file_});
        }
        guard_xml([&] {
            const std::string workbook = *archive_->read("xl/workbook.xml", max_small_part_bytes);
            const std::string relationships =
                archive_->read("xl/_rels/workbook.xml.rels", max_small_part_bytes).value_or("");
            info_ = parse_workbook(workbook, relationships);
            if (auto styles = archive_->read("xl/styles.xml", max_small_part_bytes))
                styles_ = parse_cell_styles(*styles);
            if (archive_->contains("xl/sharedStrings.xml")) {
                auto entry = archive_->open("xl/sharedStrings.xml", max_held_part_bytes);
                shared_strings_ = read_shared_strings(*entry, "xl/sharedStrings.xml");
            }
        });
        const SheetEntry& sheet = choose_sheet(info_, options.sheet, options.preferred_sheet, file_);
        sheet_name_ = sheet.name;
        sheet_part_ = sheet.part;
        if (sheet_part_.empty() || !archive_->contains(sheet_part_))
            throw Error(ExitCode::BadData,
                        fmt::format("the sheet \"{}\" has no worksheet part (is it a chart sheet?); choose another "
                                    "sheet: {}",
                                    sheet_name_, sheet_list(info_)),
                        ErrorLocation{file_});
        display_name_ = fmt::format("{}!{}", file_, sheet_name_);
        context_.shared_strings = &shared_strings_;
        context_.styles = &styles_;
        context_.date1904 = info_.date1904;
        context_.max_row_bytes = max_record_bytes;
        start_sheet();
        read_header(options.header_row);
    }

    const std::vector<std::string>& header() const override { return header_; }
    const std::string& header_raw() const override { return header_raw_; }
    const std::string& display_name() const override { return display_name_; }
    const char* encoding() const override { return "xlsx"; }
    char delimiter() const override { return ','; }
    std::uint64_t bytes_read() const override { return entry_ ? entry_->bytes_read() : 0; }
    bool ended_with_line_break() const override { return true; }
    std::uint64_t last_record_line() const override { return last_line_; }
    std::optional<std::uint64_t> input_size() const override { return sheet_bytes_; }
    InputFormat format() const override { return InputFormat::Workbook; }
    std::string sheet() const override { return sheet_name_; }
    std::uint64_t header_line() const override { return header_line_; }
    bool is_converted() const override { return true; }

    bool next(CsvRecord& record) override {
        while (const SheetRow* row = next_held_or_read()) {
            if (row->cells.empty()) continue;
            const std::size_t width = std::max<std::size_t>(header_.size(), columns_used(*row));
            record.fields.assign(width, std::string_view());
            for (const WorksheetCell& cell : row->cells) record.fields[cell.column] = cell.text;
            record.line = record.end_line = last_line_ = row->number;
            raw_.clear();
            append_csv_line(raw_, record.fields);
            record.raw = raw_;
            record.problem.clear();
            return true;
        }
        return false;
    }

private:
    template <typename F>
    void guard_xml(F&& read) {
        try {
            read();
        } catch (const XmlError& error) {
            throw Error(ExitCode::BadData,
                        fmt::format("the workbook is damaged: its part '{}' is no valid XML (line {}: {}); open it in "
                                    "Excel or LibreOffice and save it again, or save it as CSV",
                                    error.part, error.line, error.reason),
                        ErrorLocation{file_});
        } catch (const SheetError& error) {
            throw Error(ExitCode::BadData,
                        fmt::format("the workbook is damaged: sheet \"{}\": {}; open it in Excel or LibreOffice and "
                                    "save it again, or save it as CSV",
                                    sheet_name_, error.message),
                        ErrorLocation{file_});
        }
    }

    void start_sheet() {
        entry_ = archive_->open(sheet_part_, max_sheet_bytes);
        sheet_bytes_ = archive_->unpacked_size(sheet_part_);
        parser_ = std::make_unique<SheetParser>(context_, sheet_part_);
        is_fed_to_end_ = false;
    }

    /// The next row of the sheet, or nullptr at its end.
    const SheetRow* next_row() {
        const SheetRow* found = nullptr;
        guard_xml([&] {
            if (parser_->has_row()) parser_->next();
            while (!parser_->has_row()) {
                if (!parser_->needs_input()) continue;
                if (is_fed_to_end_) return;
                const std::size_t got = entry_->read(chunk_.data(), chunk_.size());
                is_fed_to_end_ = got == 0;
                parser_->feed(chunk_.data(), got, is_fed_to_end_);
            }
            found = &parser_->row();
        });
        return found;
    }

    /// Rows read while looking for the header that turned out to be data, then the sheet's.
    const SheetRow* next_held_or_read() {
        if (next_held_ < held_.size()) return &held_[next_held_++];
        held_.clear();
        return next_row();
    }

    /// The first row holding values in two or more columns, when one comes within the first
    /// rows with values: rows above it holding one value are a title ("Report: Accounts
    /// 2025"). Else the first row with a value (a one-column sheet), and the rest are data.
    const SheetRow* detect_header() {
        while (const SheetRow* row = next_row()) {
            if (row->cells.empty()) continue;
            if (row->cells.size() >= 2) {
                held_.clear();   // a title: not data
                return row;
            }
            held_.push_back(*row);
            if (held_.size() > max_title_rows) break;
        }
        if (held_.empty()) return nullptr;
        next_held_ = 1;
        return &held_.front();
    }

    void read_header(std::uint64_t wanted_row) {
        const SheetRow* row = nullptr;
        if (wanted_row == 0) {
            row = detect_header();
        } else {
            while ((row = next_row()) && row->number < wanted_row) {}
        }
        if (!row || row->cells.empty() || (wanted_row != 0 && row->number != wanted_row)) {
            if (wanted_row != 0)
                throw Error(ExitCode::BadData,
                            fmt::format("sheet row {} (header_row) holds no values: expected the header there",
                                        wanted_row),
                            ErrorLocation{display_name_});
            throw Error(ExitCode::BadData, "the sheet is empty: expected a header row", ErrorLocation{display_name_});
        }
        header_line_ = last_line_ = row->number;
        header_.assign(columns_used(*row), std::string());
        for (const WorksheetCell& cell : row->cells) header_[cell.column] = cell.text;
        // Merges matter where the header has gaps, or ends before the sheet's used range does.
        const auto last_column = parser_->dimension_last_column();
        if (std::find(header_.begin(), header_.end(), std::string()) != header_.end() ||
            (last_column && *last_column >= header_.size()))
            name_merged_columns();
        std::vector<std::string_view> names(header_.begin(), header_.end());
        append_csv_line(header_raw_, names);
    }

    /// A header cell merged across columns leaves the covered ones empty: they get the
    /// name with " (2)", " (3)"... The merges are listed after the rows, so the sheet is read
    /// once more up to them, only when the header has gaps or is narrower than the sheet.
    void name_merged_columns() {
        std::vector<MergedRange> merges;
        guard_xml([&] {
            auto entry = archive_->open(sheet_part_, max_sheet_bytes);
            SheetParser scan(context_, sheet_part_, true);
            // Not chunk_: the main parser is suspended inside it.
            std::vector<char> chunk(chunk_bytes);
            while (true) {
                const std::size_t got = entry->read(chunk.data(), chunk.size());
                scan.feed(chunk.data(), got, got == 0);
                while (scan.has_row()) scan.next();
                if (got == 0) break;
            }
            merges = scan.merged_ranges();
        });
        for (const MergedRange& merged : merges) {
            if (merged.first_row > header_line_ || merged.last_row < header_line_) continue;
            if (merged.first_column >= header_.size()) continue;
            const std::string name = header_[merged.first_column];
            if (name.empty()) continue;
            for (std::uint32_t column = merged.first_column + 1; column <= merged.last_column; ++column) {
                if (column >= header_.size()) header_.resize(column + 1);
                if (header_[column].empty())
                    header_[column] = fmt::format("{} ({})", name, column - merged.first_column + 1);
            }
        }
    }

    std::unique_ptr<ZipArchive> archive_;
    std::string file_;
    WorkbookInfo info_;
    std::vector<std::string> shared_strings_;
    std::vector<NumberStyle> styles_;
    std::string sheet_name_, sheet_part_, display_name_;
    SheetContext context_;
    std::unique_ptr<ZipEntry> entry_;
    std::unique_ptr<SheetParser> parser_;
    std::vector<char> chunk_ = std::vector<char>(chunk_bytes);
    bool is_fed_to_end_ = false;
    std::optional<std::uint64_t> sheet_bytes_;
    std::vector<std::string> header_;
    std::string header_raw_;
    std::uint64_t header_line_ = 0, last_line_ = 0;
    std::string raw_;
    std::vector<SheetRow> held_;   ///< see next_held_or_read()
    std::size_t next_held_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> open_workbook_reader(std::unique_ptr<ZipArchive> archive, const WorkbookOptions& options,
                                                   std::size_t max_record_bytes) {
    return std::make_unique<WorkbookReader>(std::move(archive), options, max_record_bytes);
}

}  // namespace kamscore
