#include "output/output_buffer.hpp"

#include <cerrno>
#include <string>

#include "kamscore/io/write_error.hpp"

namespace kamscore {

namespace {

// A short fwrite without errno (seen with some custom streams) still is a failure: WriteError
// takes errno 0 as EIO. The caller names the destination (it opened the stream).
[[noreturn]] void throw_write_error() { throw WriteError(errno); }

}  // namespace

OutputBuffer::OutputBuffer(std::FILE* out) : out_(out), data_(new char[capacity]) {}

OutputBuffer::OutputBuffer(std::string& memory) : memory_(&memory), data_(new char[capacity]) {}

void OutputBuffer::append_slow(std::string_view text) {
    flush();
    if (memory_ != nullptr) {
        memory_->append(text);
        return;
    }
    if (text.size() <= capacity) {
        std::memcpy(data_.get(), text.data(), text.size());
        used_ = text.size();
        return;
    }
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) throw_write_error();
}

void OutputBuffer::flush() {
    if (used_ == 0) return;
    if (memory_ != nullptr) {
        memory_->append(data_.get(), used_);
        used_ = 0;
        return;
    }
    errno = 0;
    const std::size_t written = std::fwrite(data_.get(), 1, used_, out_);
    const bool complete = written == used_;
    used_ = 0;
    if (!complete) throw_write_error();
}

void OutputBuffer::finish() {
    flush();
    if (memory_ != nullptr) return;
    errno = 0;
    if (std::fflush(out_) != 0) throw_write_error();
}

}  // namespace kamscore
