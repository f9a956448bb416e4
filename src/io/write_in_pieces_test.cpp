#include "kamscore/io/write_in_pieces.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <vector>

using namespace kamscore;

namespace {

/// What an unbuffered stream was given, one entry per write(2) it would have made.
struct Recorder {
    std::string bytes;
    std::vector<std::size_t> writes;
    std::size_t fail_after = std::string::npos;   // bytes accepted before writes fail
};

ssize_t record_write(void* cookie, const char* data, std::size_t size) {
    auto& recorder = *static_cast<Recorder*>(cookie);
    if (recorder.bytes.size() + size > recorder.fail_after) {
        errno = ENOSPC;
        return -1;
    }
    recorder.bytes.append(data, size);
    recorder.writes.push_back(size);
    return static_cast<ssize_t>(size);
}

std::FILE* unbuffered_recorder(Recorder& recorder) {
    std::FILE* out = fopencookie(&recorder, "w", cookie_io_functions_t{nullptr, record_write, nullptr, nullptr});
    REQUIRE(out != nullptr);
    std::setvbuf(out, nullptr, _IONBF, 0);
    return out;
}

std::string counting_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 26);
    return bytes;
}

}  // namespace

TEST_CASE("write_in_pieces: every byte in order, no write larger than most_bytes_per_write") {
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, most_bytes_per_write - 1, most_bytes_per_write,
                                   most_bytes_per_write + 1, 5 * most_bytes_per_write + 123}) {
        CAPTURE(size);
        Recorder recorder;
        std::FILE* out = unbuffered_recorder(recorder);
        const std::string bytes = counting_bytes(size);
        CHECK(write_in_pieces(out, bytes.data(), bytes.size()));
        std::fclose(out);
        CHECK(recorder.bytes == bytes);
        CHECK(recorder.writes.size() == (size + most_bytes_per_write - 1) / most_bytes_per_write);
        for (std::size_t write : recorder.writes) CHECK(write <= most_bytes_per_write);
    }
}

TEST_CASE("write_in_pieces: a failing write stops it and leaves errno") {
    Recorder recorder;
    recorder.fail_after = 2 * most_bytes_per_write;
    std::FILE* out = unbuffered_recorder(recorder);
    const std::string bytes = counting_bytes(4 * most_bytes_per_write);
    CHECK_FALSE(write_in_pieces(out, bytes.data(), bytes.size()));
    CHECK(errno == ENOSPC);
    CHECK(recorder.writes.size() == 2);
    std::fclose(out);
}
