#pragma once

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace kamscore {

class BackgroundWrites;

/// A 1 MiB write buffer in front of a FILE*: writers format straight into it and it goes out
/// in large fwrite calls. Every write error becomes Error(IoFailure). Not flushed by the
/// destructor (which must not throw): call finish().
class OutputBuffer {
public:
    static constexpr std::size_t capacity = 1 << 20;

    /// `in_background`: full buffers are written on a thread of their own (started at the
    /// first full buffer, so that a small output starts none), while the caller fills the next.
    explicit OutputBuffer(std::FILE* out, bool in_background = false);
    ~OutputBuffer();
    /// Collects the output in `memory` instead (appended at each flush and at finish()), for
    /// formatting rows on another thread.
    explicit OutputBuffer(std::string& memory);

    void put(char c) {
        if (used_ == capacity) flush();
        data_[used_++] = c;
    }

    void append(std::string_view text) {
        if (text.size() > capacity - used_) return append_slow(text);
        if (text.empty()) return;  // a missing text's data() is null, which memcpy must not get
        std::memcpy(data_.get() + used_, text.data(), text.size());
        used_ += text.size();
    }

    /// Room for `bytes` (at most `capacity`) at the write position; commit() what was used.
    char* reserve(std::size_t bytes) {
        if (bytes > capacity - used_) flush();
        return data_.get() + used_;
    }
    void commit(const char* end) { used_ = static_cast<std::size_t>(end - data_.get()); }

    /// Writes out what is buffered and flushes the FILE.
    void finish();

private:
    void append_slow(std::string_view text);
    void flush();

    std::FILE* out_ = nullptr;
    bool in_background_ = false;
    std::unique_ptr<BackgroundWrites> background_;
    std::string* memory_ = nullptr;
    std::unique_ptr<char[]> data_;
    std::size_t used_ = 0;
};

}  // namespace kamscore
