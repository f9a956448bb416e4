#pragma once

#include <cstdio>
#include <string>

namespace kamscore {

/// An output file that appears complete or not at all: writes go to a temporary file beside
/// the target ("<dir>/.<name>.tmp-XXXXXX"), commit() flushes, syncs and renames it over the
/// target. Destroying an uncommitted AtomicFile removes the temporary file, and so does
/// SIGINT / SIGTERM / SIGHUP while it is open (the old target stays untouched). The new file
/// gets the old target's mode, or 0666 less the umask. A target that is a device or a pipe
/// (/dev/stdout, a FIFO) cannot be replaced and is written directly.
class AtomicFile {
public:
    /// Throws Error(IoFailure): "kamscore: error: cannot write 'out.csv': Permission denied".
    explicit AtomicFile(std::string target_path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::FILE* stream() const { return stream_; }
    const std::string& target_path() const { return target_; }
    /// Throws Error(IoFailure) when flushing, syncing or renaming fails (e.g. disk full).
    void commit();

private:
    std::string target_;
    std::string temporary_;
    std::FILE* stream_ = nullptr;
    bool committed_ = false;
};

}  // namespace kamscore
