// Reading the entries of a zip archive (an .xlsx workbook is one) through libzip, with a cap
// on how many bytes an entry may unpack to, so that a small file cannot unpack to gigabytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct zip;        // libzip's handles, declared here so that only zip_archive.cpp includes zip.h
struct zip_file;

namespace kamscore {

class ZipEntry;

class ZipArchive {
public:
    /// Opens the archive at `path`, or held in `bytes` (moved in: the archive reads from it).
    /// `display_name` names it in errors. Throws Error(BadData) for a file that is not a
    /// readable zip, Error(IoFailure) when it cannot be opened.
    static std::unique_ptr<ZipArchive> open_file(const std::string& path, const std::string& display_name);
    static std::unique_ptr<ZipArchive> open_memory(std::string bytes, const std::string& display_name);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    bool contains(const std::string& name) const;
    /// The entry `name` streamed (Error(BadData) when it is missing or cannot be read).
    /// Reading more than `max_bytes` from it throws Error(BadData): the entry is not a workbook's.
    std::unique_ptr<ZipEntry> open(const std::string& name, std::uint64_t max_bytes) const;
    /// The whole entry, or nullopt when the archive has none of that name.
    std::optional<std::string> read(const std::string& name, std::uint64_t max_bytes) const;
    /// The size the entry unpacks to, as the archive's directory says.
    std::optional<std::uint64_t> unpacked_size(const std::string& name) const;
    const std::string& display_name() const { return display_name_; }

private:
    ZipArchive() = default;
    ::zip* archive_ = nullptr;
    std::string bytes_;   ///< the archive's bytes when opened from memory
    std::string display_name_;
};

/// One entry being read.
class ZipEntry {
public:
    ZipEntry(::zip_file* file, std::string name, std::string archive_name, std::uint64_t max_bytes);
    ~ZipEntry();
    ZipEntry(const ZipEntry&) = delete;
    ZipEntry& operator=(const ZipEntry&) = delete;
    /// Up to `capacity` bytes; 0 at the end of the entry.
    std::size_t read(char* buffer, std::size_t capacity);
    std::uint64_t bytes_read() const { return bytes_read_; }

private:
    ::zip_file* file_;
    std::string name_, archive_name_;
    std::uint64_t max_bytes_;
    std::uint64_t bytes_read_ = 0;
};

}  // namespace kamscore
