#include "io/zip_archive.hpp"

#include <fmt/format.h>
#include <zip.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

std::string zip_error_text(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

[[noreturn]] void throw_unreadable(const std::string& display_name, const std::string& why) {
    throw Error(ExitCode::BadData,
                fmt::format("cannot read the workbook: {}; the file is damaged or not an Excel workbook "
                            "(open it in Excel or LibreOffice and save it again as .xlsx, or as CSV)",
                            why),
                ErrorLocation{display_name});
}

}  // namespace

std::unique_ptr<ZipArchive> ZipArchive::open_file(const std::string& path, const std::string& display_name) {
    std::unique_ptr<ZipArchive> archive(new ZipArchive);
    archive->display_name_ = display_name;
    int code = 0;
    archive->archive_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive->archive_) {
        if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT)
            throw Error(ExitCode::IoFailure, fmt::format("cannot open '{}': {}", display_name, zip_error_text(code)));
        throw_unreadable(display_name, zip_error_text(code));
    }
    return archive;
}

std::unique_ptr<ZipArchive> ZipArchive::open_memory(std::string bytes, const std::string& display_name) {
    std::unique_ptr<ZipArchive> archive(new ZipArchive);
    archive->display_name_ = display_name;
    archive->bytes_ = std::move(bytes);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(archive->bytes_.data(), archive->bytes_.size(), 0, &error);
    if (source) {
        archive->archive_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
        if (!archive->archive_) zip_source_free(source);
    }
    if (!archive->archive_) {
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw_unreadable(display_name, why);
    }
    zip_error_fini(&error);
    return archive;
}

ZipArchive::~ZipArchive() {
    if (archive_) zip_discard(archive_);
}

bool ZipArchive::contains(const std::string& name) const { return zip_name_locate(archive_, name.c_str(), 0) >= 0; }

std::unique_ptr<ZipEntry> ZipArchive::open(const std::string& name, std::uint64_t max_bytes) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, name.c_str(), 0, &stat) != 0)
        throw_unreadable(display_name_, fmt::format("it has no part '{}'", name));
    if ((stat.valid & ZIP_STAT_SIZE) && stat.size > max_bytes)
        throw Error(ExitCode::BadData,
                    fmt::format("the workbook's part '{}' unpacks to {} bytes, more than the {} kamscore reads: "
                                "that is no export, or save it as CSV",
                                name, stat.size, max_bytes),
                    ErrorLocation{display_name_});
    zip_file_t* file = zip_fopen(archive_, name.c_str(), 0);
    if (!file)
        throw_unreadable(display_name_, fmt::format("its part '{}' cannot be unpacked ({})", name,
                                                    zip_strerror(archive_)));
    return std::make_unique<ZipEntry>(file, name, display_name_, max_bytes);
}

std::optional<std::uint64_t> ZipArchive::unpacked_size(const std::string& name) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, name.c_str(), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) return std::nullopt;
    return stat.size;
}

std::optional<std::string> ZipArchive::read(const std::string& name, std::uint64_t max_bytes) const {
    if (!contains(name)) return std::nullopt;
    std::unique_ptr<ZipEntry> entry = open(name, max_bytes);
    std::string bytes;
    char buffer[1 << 15];
    while (std::size_t got = entry->read(buffer, sizeof buffer)) bytes.append(buffer, got);
    return bytes;
}

ZipEntry::ZipEntry(zip_file_t* file, std::string name, std::string archive_name, std::uint64_t max_bytes)
    : file_(file), name_(std::move(name)), archive_name_(std::move(archive_name)), max_bytes_(max_bytes) {}

ZipEntry::~ZipEntry() { zip_fclose(file_); }

std::size_t ZipEntry::read(char* buffer, std::size_t capacity) {
    const zip_int64_t got = zip_fread(file_, buffer, capacity);
    if (got < 0)
        throw_unreadable(archive_name_, fmt::format("its part '{}' cannot be unpacked ({})", name_,
                                                    zip_file_strerror(file_)));
    bytes_read_ += static_cast<std::uint64_t>(got);
    // The size in the zip's directory may lie; what is unpacked is what counts.
    if (bytes_read_ > max_bytes_)
        throw Error(ExitCode::BadData,
                    fmt::format("the workbook's part '{}' unpacks to more than the {} bytes kamscore reads: that is "
                                "no export, or save it as CSV",
                                name_, max_bytes_),
                    ErrorLocation{archive_name_});
    return static_cast<std::size_t>(got);
}

}  // namespace kamscore
