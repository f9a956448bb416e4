#include "kamscore/io/byte_source.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

std::string read_everything(ByteSource& source, std::size_t chunk) {
    std::string all;
    std::string buffer(chunk, '\0');
    while (const std::size_t count = source.read(buffer.data(), buffer.size())) all.append(buffer, 0, count);
    return all;
}

std::string open_error(const std::string& path) {
    try {
        open_byte_source(path);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::IoFailure);
        return located_message(error);
    }
    return "(no error)";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a string source hands out its bytes in pieces and knows its size") {
    auto source = string_byte_source("hello, world");
    CHECK(source->size() == 12);
    CHECK(read_everything(*source, 5) == "hello, world");
    char byte;
    CHECK(source->read(&byte, 1) == 0);
}

TEST_CASE("a file source reads the whole file and knows its size") {
    char path[] = "/tmp/kamscore-byte-source-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string content(100000, 'q');
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    ::close(fd);
    auto source = open_byte_source(path);
    CHECK(source->size() == content.size());
    CHECK(read_everything(*source, 4096) == content);
    ::unlink(path);
}

TEST_CASE("a file that cannot be opened is an error naming it and the reason") {
    CHECK(open_error("/nonexistent/x.csv") ==
          "cannot open '/nonexistent/x.csv': No such file or directory");
    CHECK(open_error("/tmp") == "cannot open '/tmp': Is a directory");
}

TEST_CASE("read_up_to gathers short reads up to the limit, and stops at the end") {
    // A source that hands out one byte per read, as a pipe may.
    struct OneByteSource : ByteSource {
        std::string text;
        std::size_t at = 0;
        std::size_t read(char* buffer, std::size_t capacity) override {
            if (at == text.size() || capacity == 0) return 0;
            *buffer = text[at++];
            return 1;
        }
    } source;
    source.text = "abcdefgh";
    CHECK(read_up_to(source, 5) == "abcde");
    CHECK(read_up_to(source, 10) == "fgh");
    CHECK(read_up_to(source, 10).empty());
}
}
