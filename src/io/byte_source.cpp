#include "kamscore/io/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

std::string quoted_name(const std::string& path) {
    return path == "-" ? std::string("standard input") : fmt::format("'{}'", path);
}

[[noreturn]] void throw_io(const char* verb, const std::string& path, int error_number) {
    throw Error(ExitCode::IoFailure,
                fmt::format("cannot {} {}: {}", verb, quoted_name(path),
                            std::strerror(error_number)));
}

/// Reads a file descriptor with plain read(2): the reader asks for megabytes at a time, so
/// stdio buffering would only add a copy.
class FileByteSource final : public ByteSource {
public:
    FileByteSource(int fd, std::string path, bool owns_fd) : fd_(fd), path_(std::move(path)), owns_fd_(owns_fd) {
        struct stat status {};
        if (::fstat(fd_, &status) != 0) {
            const int error_number = errno;
            close_fd();
            throw_io("open", path_, error_number);
        }
        // open(2) succeeds on a directory and only read(2) fails, with a less obvious message
        // at a later point: refuse it here.
        if (S_ISDIR(status.st_mode)) {
            close_fd();
            throw_io("open", path_, EISDIR);
        }
        if (S_ISREG(status.st_mode)) {
            size_ = static_cast<std::uint64_t>(status.st_size);
            ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
#ifdef F_SETPIPE_SZ
        // `export | kamscore score`: the default 64 KiB pipe makes both processes wait on each
        // other far more often than a 1 MiB one (unprivileged maximum; failure is harmless).
        if (S_ISFIFO(status.st_mode)) ::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
#endif
    }
    ~FileByteSource() override { close_fd(); }
    FileByteSource(const FileByteSource&) = delete;
    FileByteSource& operator=(const FileByteSource&) = delete;

    std::size_t read(char* buffer, std::size_t capacity) override {
        for (;;) {
            const ssize_t count = ::read(fd_, buffer, capacity);
            if (count >= 0) return static_cast<std::size_t>(count);
            if (errno != EINTR) throw_io("read", path_, errno);
        }
    }

    std::optional<std::uint64_t> size() const override { return size_; }

private:
    void close_fd() {
        if (owns_fd_ && fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    int fd_;
    std::string path_;
    bool owns_fd_;
    std::optional<std::uint64_t> size_;
};

class StringByteSource final : public ByteSource {
public:
    explicit StringByteSource(std::string bytes) : bytes_(std::move(bytes)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        const std::size_t count = std::min(capacity, bytes_.size() - position_);
        std::memcpy(buffer, bytes_.data() + position_, count);
        position_ += count;
        return count;
    }

    std::optional<std::uint64_t> size() const override { return bytes_.size(); }

private:
    std::string bytes_;
    std::size_t position_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
    if (path == "-") return std::make_unique<FileByteSource>(STDIN_FILENO, path, false);
    int fd;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw_io("open", path, errno);
    return std::make_unique<FileByteSource>(fd, path, true);
}

std::unique_ptr<ByteSource> string_byte_source(std::string bytes) {
    return std::make_unique<StringByteSource>(std::move(bytes));
}

std::string read_up_to(ByteSource& source, std::size_t max_bytes) {
    std::string bytes(max_bytes, '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const std::size_t count = source.read(bytes.data() + filled, bytes.size() - filled);
        if (count == 0) break;
        filled += count;
    }
    bytes.resize(filled);
    return bytes;
}

}  // namespace kamscore
