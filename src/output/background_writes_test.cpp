#include "output/background_writes.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

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

TEST_CASE("background writes stopped while one is under way wait for it and drop the queued ones") {
    // A stream whose writes wait until released: the first buffer is under way when the
    // writes are stopped, another is queued behind it.
    struct Gate {
        std::mutex mutex;
        std::condition_variable changed;
        bool entered = false, released = false;
        int writes = 0;
    } gate;
    cookie_io_functions_t functions{};
    functions.write = [](void* cookie, const char*, std::size_t size) -> ssize_t {
        auto& g = *static_cast<Gate*>(cookie);
        std::unique_lock lock(g.mutex);
        ++g.writes;
        g.entered = true;
        g.changed.notify_all();
        g.changed.wait(lock, [&] { return g.released; });
        return static_cast<ssize_t>(size);
    };
    std::FILE* stream = fopencookie(&gate, "w", functions);
    REQUIRE(stream != nullptr);
    std::setvbuf(stream, nullptr, _IONBF, 0);
    std::thread release;
    {
        BackgroundWrites writes(stream);
        auto data = std::unique_ptr<char[]>(new char[64]);
        writes.write(data, 64, 64);
        {
            std::unique_lock lock(gate.mutex);
            gate.changed.wait(lock, [&] { return gate.entered; });
        }
        writes.write(data, 64, 64);   // queued behind it (the one under way is counted as queued)
        release = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the destructor waits meanwhile
            std::lock_guard lock(gate.mutex);
            gate.released = true;
            gate.changed.notify_all();
        });
    }   // stops: waits for the write under way, drops the queued one
    release.join();
    CHECK(gate.writes == 1);
    std::fclose(stream);
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
