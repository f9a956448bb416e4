#include "kamscore/io/record_reader.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "io/sheet_parser.hpp"
#include "io/workbook_reader.hpp"
#include "io/zip_archive.hpp"
#include "kamscore/error.hpp"

namespace kamscore {
namespace {

constexpr std::string_view empty_zip_magic = "PK\x05\x06";
constexpr std::string_view cfb_magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Serves `head` (bytes already taken from `rest`) before the rest.
class PrefixedSource : public ByteSource {
public:
    PrefixedSource(std::string head, std::unique_ptr<ByteSource> rest) : head_(std::move(head)), rest_(std::move(rest)) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        if (at_ < head_.size()) {
            const std::size_t n = std::min(capacity, head_.size() - at_);
            head_.copy(buffer, n, at_);
            at_ += n;
            return n;
        }
        return rest_->read(buffer, capacity);
    }
    std::optional<std::uint64_t> size() const override { return rest_->size(); }

private:
    std::string head_;
    std::size_t at_ = 0;
    std::unique_ptr<ByteSource> rest_;
};

std::string read_head(ByteSource& source, std::size_t wanted) {
    std::string head(wanted, '\0');
    std::size_t got = 0;
    while (got < wanted) {
        const std::size_t n = source.read(head.data() + got, wanted - got);
        if (n == 0) break;
        got += n;
    }
    head.resize(got);
    return head;
}

std::string read_rest(std::string bytes, ByteSource& source) {
    char buffer[1 << 16];
    while (std::size_t got = source.read(buffer, sizeof buffer)) bytes.append(buffer, got);
    return bytes;
}

/// An OLE compound file: an old .xls, or an .xlsx protected with a password (Excel stores
/// those encrypted inside one, in a stream named "EncryptedPackage", in UTF-16).
[[noreturn]] void refuse_compound_file(std::string_view bytes, const std::string& name) {
    const std::string_view encrypted_name{"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32};
    if (bytes.find(encrypted_name) != std::string_view::npos)
        throw Error(ExitCode::BadData,
                    "the workbook is protected with a password (encrypted); open it in Excel or LibreOffice, "
                    "remove the password (File > Info > Protect Workbook, or save without one) and save it as "
                    ".xlsx, or as CSV",
                    ErrorLocation{name});
    throw Error(ExitCode::BadData,
                "it is an old Excel workbook (.xls), which kamscore does not read; save it as .xlsx (Excel "
                "Workbook) or as CSV (UTF-8)",
                ErrorLocation{name});
}

[[noreturn]] void refuse_open_document(const std::string& name) {
    throw Error(ExitCode::BadData,
                "it is an OpenDocument spreadsheet (.ods), which kamscore does not read; save it as .xlsx "
                "(File > Save As > Excel 2007-365) or as CSV (UTF-8)",
                ErrorLocation{name});
}

bool is_open_document(std::string_view head) {
    return head.substr(0, 100).find("mimetypeapplication/vnd.oasis.opendocument") != std::string_view::npos;
}

std::unique_ptr<RecordReader> open_workbook(std::unique_ptr<ZipArchive> archive, const CsvDialect& dialect,
                                            const WorkbookOptions& options) {
    if (auto mimetype = archive->read("mimetype", 256);
        mimetype && mimetype->starts_with("application/vnd.oasis.opendocument"))
        refuse_open_document(archive->display_name());
    return open_workbook_reader(std::move(archive), options, dialect.max_record_bytes);
}

bool exists(const std::string& path) {
    std::error_code error;
    return std::filesystem::exists(path, error);
}

}  // namespace

std::unique_ptr<RecordReader> open_record_reader(const RecordInput& input, const CsvDialect& dialect,
                                                 const WorkbookOptions& workbook) {
    WorkbookOptions options = workbook;
    std::string path = input.path;
    std::string name = input.display_name;
    // "book.xlsx#Sheet 2": a sheet, when the whole is no file and the part before '#' is one.
    if (!input.bytes && path != "-" && !exists(path)) {
        const std::size_t hash = path.rfind('#');
        if (hash != std::string::npos && hash > 0 && exists(path.substr(0, hash))) {
            options.sheet = path.substr(hash + 1);
            path.resize(hash);
            const std::size_t name_hash = name.rfind('#');
            if (name_hash != std::string::npos) name.resize(name_hash);
        }
    }
    if (input.bytes) {
        const std::string_view bytes = *input.bytes;
        if (starts_like_zip(bytes) || bytes.starts_with(empty_zip_magic)) {
            if (is_open_document(bytes)) refuse_open_document(name);
            return open_workbook(ZipArchive::open_memory(*input.bytes, name), dialect, options);
        }
        if (bytes.starts_with(cfb_magic)) refuse_compound_file(bytes, name);
        std::unique_ptr<ByteSource> text = string_byte_source(*input.bytes);
        if (input.wrap_csv_source) text = input.wrap_csv_source(std::move(text));
        return std::make_unique<CsvReader>(std::move(text), name, dialect);
    }
    std::unique_ptr<ByteSource> source = open_byte_source(path);
    std::string head = read_head(*source, 8);
    if (starts_like_zip(head) || std::string_view(head).starts_with(empty_zip_magic)) {
        // A zip is read by random access: from the file itself, or from memory for standard input.
        if (path == "-") {
            std::string bytes = read_rest(std::move(head), *source);
            if (is_open_document(bytes)) refuse_open_document(name);
            return open_workbook(ZipArchive::open_memory(std::move(bytes), name), dialect, options);
        }
        source.reset();
        return open_workbook(ZipArchive::open_file(path, name), dialect, options);
    }
    if (std::string_view(head).starts_with(cfb_magic)) {
        // The directory of a small compound file is within its first megabytes.
        std::string bytes = read_head(*source, std::size_t{8} << 20);
        refuse_compound_file(head + bytes, name);
    }
    if (!options.sheet.empty() && path != input.path)
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("'{}' is no workbook, so '#{}' names no sheet", path, options.sheet));
    std::unique_ptr<ByteSource> text = std::make_unique<PrefixedSource>(std::move(head), std::move(source));
    if (input.wrap_csv_source) text = input.wrap_csv_source(std::move(text));
    return std::make_unique<CsvReader>(std::move(text), name, dialect);
}

std::string sheet_cell_name(std::size_t column, std::uint64_t row) {
    return fmt::format("{}{}", column_letters(static_cast<std::uint32_t>(column)), row);
}

void append_csv_line(std::string& line, const std::vector<std::string_view>& fields) {
    bool first = true;
    for (std::string_view field : fields) {
        if (!first) line += ',';
        first = false;
        const bool quoted = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
        if (!quoted) {
            line.append(field);
            continue;
        }
        line += '"';
        for (char c : field) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    line += '\n';
}

}  // namespace kamscore
