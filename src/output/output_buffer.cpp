#include "output/output_buffer.hpp"

#include <algorithm>
#include <cerrno>
#include <string>

#include "kamscore/io/write_error.hpp"
#include "kamscore/io/write_in_pieces.hpp"
#include "output/background_writes.hpp"

namespace kamscore {

namespace {

// A short fwrite without errno (seen with some custom streams) still is a failure: WriteError
// takes errno 0 as EIO. The caller names the destination (it opened the stream).
[[noreturn]] void throw_write_error() { throw WriteError(errno); }

}  // namespace

OutputBuffer::OutputBuffer(std::FILE* out, bool in_background)
    : out_(out), in_background_(in_background), data_(new char[capacity]) {}

OutputBuffer::~OutputBuffer() = default;

OutputBuffer::OutputBuffer(std::string& memory) : memory_(&memory), data_(new char[capacity]) {}

void OutputBuffer::append_slow(std::string_view text) {
    if (memory_ != nullptr) {
        flush();
        memory_->append(text);
        return;
    }
    // In pieces through the buffer, so that the bytes keep their order with background writes.
    while (!text.empty()) {
        if (used_ == capacity) flush();
        const std::size_t piece = std::min(text.size(), capacity - used_);
        std::memcpy(data_.get() + used_, text.data(), piece);
        used_ += piece;
        text.remove_prefix(piece);
    }
}

void OutputBuffer::flush() {
    if (used_ == 0) return;
    if (memory_ != nullptr) {
        memory_->append(data_.get(), used_);
        used_ = 0;
        return;
    }
    if (in_background_) {
        if (!background_) background_ = std::make_unique<BackgroundWrites>(out_);
        background_->write(data_, used_, capacity);
        used_ = 0;
        return;
    }
    const bool complete = write_in_pieces(out_, data_.get(), used_);
    used_ = 0;
    if (!complete) throw_write_error();
}

void OutputBuffer::finish() {
    flush();
    if (memory_ != nullptr) return;
    if (background_) background_->wait();
    errno = 0;
    if (std::fflush(out_) != 0) throw_write_error();
}

}  // namespace kamscore
