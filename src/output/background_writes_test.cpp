#include "output/background_writes.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "kamscore/io/write_error.hpp"
#include "output/output_buffer.hpp"

using namespace kamscore;

namespace {

/// What was written to `file`, read back from its start.
std::string contents(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    char piece[4096];
    for (std::size_t got; (got = std::fread(piece, 1, sizeof piece, file)) > 0;) text.append(piece, got);
    return text;
}

/// Bytes that differ from one position to the next, so that a reordered buffer shows.
std::string numbered_lines(int count) {
    std::string text;
    for (int line = 0; line < count; ++line) text += std::to_string(line) + ",customer " + std::to_string(line * 7) + "\n";
    return text;
}

}  // namespace

TEST_SUITE("output") {
TEST_CASE("background writes keep the order of the buffers and reuse them") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    const std::string expected = numbered_lines(200000);   // several MiB: more buffers than the queue holds
    {
        constexpr std::size_t capacity = 4096;
        BackgroundWrites writes(file);
        auto data = std::unique_ptr<char[]>(new char[capacity]);
        const char* const first_buffer = data.get();
        bool first_buffer_came_back = false;
        for (std::size_t at = 0; at < expected.size(); at += capacity) {
            const std::size_t used = std::min(capacity, expected.size() - at);
            std::memcpy(data.get(), expected.data() + at, used);
            writes.write(data, used, capacity);
            REQUIRE(data != nullptr);
            first_buffer_came_back |= data.get() == first_buffer;
        }
        writes.wait();
        CHECK(first_buffer_came_back);
    }
    CHECK(contents(file) == expected);
    std::fclose(file);
}

TEST_CASE("a failed background write is reported by the next call, with its reason") {
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    std::setvbuf(full, nullptr, _IONBF, 0);
    BackgroundWrites writes(full);
    auto data = std::unique_ptr<char[]>(new char[16]);
    std::memcpy(data.get(), "C0000001,key\n", 13);
    writes.write(data, 13, 16);   // queued: its failure is not known yet
    try {
        writes.wait();
        FAIL("no error");
    } catch (const WriteError& error) {
        CHECK(error.error_number() == ENOSPC);
    }
    const char* const kept = data.get();
    CHECK_THROWS_AS(writes.write(data, 13, 16), WriteError);
    CHECK(data.get() == kept);   // a refused buffer stays with the caller
    std::fclose(full);
}

TEST_CASE("background writes stopped with buffers queued end without waiting for a reader") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    {
        BackgroundWrites writes(file);
        auto data = std::unique_ptr<char[]>(new char[1024]);
        for (int i = 0; i < 5; ++i) {
            std::memset(data.get(), 'a' + i, 1024);
            writes.write(data, 1024, 1024);
        }
    }   // the destructor stops the thread; what it had not written yet is dropped
    const std::string written = contents(file);
    CHECK(written.size() % 1024 == 0);
    CHECK(written.size() <= 5 * 1024);
    for (std::size_t at = 0; at < written.size(); at += 1024) CHECK(written[at] == char('a' + at / 1024));
    std::fclose(file);
}

TEST_CASE("an output buffer writing in the background gives the bytes of one writing in place") {
    const std::string lines = numbered_lines(150000);
    const std::string long_cell(3 * OutputBuffer::capacity + 17, 'x');   // longer than the buffer
    std::string written[2];
    for (int background = 0; background < 2; ++background) {
        std::FILE* file = std::tmpfile();
        REQUIRE(file != nullptr);
        OutputBuffer buffer(file, background == 1);
        buffer.append(lines.substr(0, 1000));
        buffer.append(long_cell);
        for (char c : lines) buffer.put(c);
        char* at = buffer.reserve(5);
        std::memcpy(at, "12.50", 5);
        buffer.commit(at + 5);
        buffer.finish();
        written[background] = contents(file);
        std::fclose(file);
    }
    CHECK(written[0] == lines.substr(0, 1000) + long_cell + lines + "12.50");
    CHECK(written[1] == written[0]);
}

TEST_CASE("an output buffer writing in the background reports a full disk at finish") {
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    OutputBuffer buffer(full, true);
    buffer.append(std::string(OutputBuffer::capacity + 1, 'y'));   // one full buffer goes out in the background
    CHECK_THROWS_AS(buffer.finish(), WriteError);
    std::fclose(full);
}
}
