#include "kamscore/output/writer.hpp"

#include <stdexcept>

#include <algorithm>
#include <array>
#include <utility>

#include "output/csv_writer.hpp"
#include "kamscore/error.hpp"
#include "kamscore/output/json_writer.hpp"
#include "output/markdown_writer.hpp"
#include "output/table_writer.hpp"
#if KAMSCORE_HAVE_XLSX
#include "output/xlsx_writer.hpp"
#endif

#ifndef KAMSCORE_HAVE_XLSX
#define KAMSCORE_HAVE_XLSX 0
#endif

namespace kamscore {

namespace {

struct FormatName {
    std::string_view name;
    Format format;
};
constexpr std::array<FormatName, 8> format_names{{
    {"table", Format::Table},
    {"csv", Format::Csv},
    {"tsv", Format::Tsv},
    {"json", Format::Json},
    {"jsonl", Format::Jsonl},
    {"markdown", Format::Markdown},
    {"xlsx", Format::Xlsx},
    {"md", Format::Markdown},
}};

// Extensions as exports and tools spell them; .tab is Excel's, .ndjson the JSON Lines
// spelling of many loaders.
constexpr std::array<FormatName, 9> format_extensions{{
    {"csv", Format::Csv},
    {"tsv", Format::Tsv},
    {"tab", Format::Tsv},
    {"json", Format::Json},
    {"jsonl", Format::Jsonl},
    {"ndjson", Format::Jsonl},
    {"md", Format::Markdown},
    {"markdown", Format::Markdown},
    {"xlsx", Format::Xlsx},
}};

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        return lower(x) == lower(y);
    });
}

template <std::size_t N>
std::optional<Format> lookup(const std::array<FormatName, N>& table, std::string_view name) {
    for (const FormatName& entry : table)
        if (equals_ignoring_ascii_case(entry.name, name)) return entry.format;
    return std::nullopt;
}

/// Excel takes the list separator of its locale for CSV: ';' where the comma is the decimal mark.
CsvStyle csv_style(const WriteOptions& options) {
    CsvStyle style;
    style.raw = options.raw;
    style.byte_order_mark = options.excel;
    style.crlf = options.excel;
    style.decimal_mark = options.decimal_mark;
    if (options.decimal_mark == ',') style.separator = ';';
    style.one_thread = options.one_thread;
    return style;
}

}  // namespace

std::optional<Format> format_from_name(std::string_view name) { return lookup(format_names, name); }

std::optional<Format> format_from_path(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const std::size_t dot = file.find_last_of('.');
    // "results" and the hidden file ".csv" have no extension (as std::filesystem sees it).
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    // Windows exports often say .CSV.
    return lookup(format_extensions, file.substr(dot + 1));
}

std::string_view format_name(Format format) {
    for (const FormatName& entry : format_names)
        if (entry.format == format) return entry.name;
    return "?";
}

bool format_supported(Format format) { return format != Format::Xlsx || KAMSCORE_HAVE_XLSX; }

// Only writers whose writes_in_batches() is true are handed a result in batches.
void Writer::begin(const std::vector<OutputColumn>&, std::FILE*) {
    throw std::logic_error("this format is not written in batches");
}
void Writer::write_rows(const std::vector<OutputColumn>&, std::span<const std::uint32_t>) { throw std::logic_error("this format is not written in batches"); }
void Writer::end() { throw std::logic_error("this format is not written in batches"); }

std::unique_ptr<Writer> make_writer(Format format, const WriteOptions& options) {
    if (!format_supported(format))
        throw Error(ExitCode::BadCommandLine,
                    "this kamscore was built without xlsx support (libxlsxwriter was not "
                    "found); install libxlsxwriter-dev and rebuild, or write csv and open that");
    switch (format) {
    case Format::Table: return std::make_unique<TableWriter>(options);
    case Format::Csv: return std::make_unique<CsvWriter>(csv_style(options));
    case Format::Tsv: {
        CsvStyle style;
        style.separator = '\t';
        style.raw = options.raw;
        style.one_thread = options.one_thread;
        return std::make_unique<CsvWriter>(style);
    }
    case Format::Json: return std::make_unique<JsonWriter>(false);
    case Format::Jsonl: return std::make_unique<JsonWriter>(true);
    case Format::Markdown: return std::make_unique<MarkdownWriter>();
    case Format::Xlsx:
#if KAMSCORE_HAVE_XLSX
        return std::make_unique<XlsxWriter>(options);
#else
        break;
#endif
    }
    return nullptr;
}

}  // namespace kamscore
