#include "kamscore/io/file_range_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>
#include <fcntl.h>
#include <unistd.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

class FileRangeSource : public ByteSource {
public:
    FileRangeSource(const std::string& path, std::uint64_t begin, std::uint64_t end, std::string prefix)
        : path_(path), position_(begin), end_(end), prefix_(std::move(prefix)) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw Error(ExitCode::IoFailure, "cannot open '" + path + "': " + std::strerror(errno));
    }
    ~FileRangeSource() override {
        if (fd_ >= 0) ::close(fd_);
    }

    std::size_t read(char* buffer, std::size_t capacity) override {
        if (prefix_used_ < prefix_.size()) {
            std::size_t n = std::min(capacity, prefix_.size() - prefix_used_);
            std::memcpy(buffer, prefix_.data() + prefix_used_, n);
            prefix_used_ += n;
            return n;
        }
        std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, end_ - position_));
        if (wanted == 0) return 0;
        for (;;) {
            ssize_t got = ::pread(fd_, buffer, wanted, static_cast<off_t>(position_));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0)
                throw Error(ExitCode::IoFailure, "cannot read '" + path_ + "': " + std::strerror(errno));
            position_ += static_cast<std::uint64_t>(got);
            return static_cast<std::size_t>(got);
        }
    }

    std::optional<std::uint64_t> size() const override { return prefix_.size() + (end_ - position_); }

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t position_;
    std::uint64_t end_;
    std::string prefix_;
    std::size_t prefix_used_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> file_range_source(const std::string& path, std::uint64_t begin, std::uint64_t end,
                                              std::string prefix) {
    return std::make_unique<FileRangeSource>(path, begin, end, std::move(prefix));
}

std::uint64_t count_line_breaks(const char* bytes, std::size_t size) {
    std::uint64_t breaks = 0;
    const char* end = bytes + size;
    for (const char* p = bytes; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) ++breaks;
    for (const char* p = bytes; (p = static_cast<const char*>(std::memchr(p, '\r', end - p))); ++p)
        if (p + 1 == end || p[1] != '\n') ++breaks;   // a lone CR; CRLF was counted with its LF
    return breaks;
}

std::uint64_t count_line_breaks(ByteSource& source) {
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t breaks = 0;
    bool pending_cr = false;   // a CR ended the previous block: its LF may start this one
    while (std::size_t n = source.read(buffer.data(), buffer.size())) {
        const char* block = buffer.data();
        if (pending_cr && block[0] == '\n') {
            ++block;   // CRLF split over two blocks: its LF is the line break
            --n;
            ++breaks;
        } else if (pending_cr) {
            ++breaks;   // a lone CR
        }
        pending_cr = n > 0 && block[n - 1] == '\r';
        breaks += count_line_breaks(block, n - (pending_cr ? 1 : 0));
    }
    return breaks + (pending_cr ? 1 : 0);
}

}  // namespace kamscore
