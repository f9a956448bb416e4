#include "kamscore/io/file_range_source.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

#include <doctest/doctest.h>

using namespace kamscore;

namespace {

std::string read_all(ByteSource& source, std::size_t chunk = 3) {
    std::string text;
    char buffer[16];
    while (std::size_t n = source.read(buffer, chunk)) text.append(buffer, n);
    return text;
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a file range source yields its prefix, then the bytes of the range") {
    char path[] = "/tmp/kamscore-range-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string content = "id,x\n1,a\n2,b\n3,c\n";
    REQUIRE(write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    close(fd);
    auto source = file_range_source(path, 9, 13, "id,x\n");
    CHECK(read_all(*source) == "id,x\n2,b\n");
    std::remove(path);
}

TEST_CASE("line breaks count LF, CRLF and lone CR once each, also across read blocks") {
    const std::string text = "a\nb\r\nc\rd\r";
    CHECK(count_line_breaks(text.data(), text.size()) == 4);
    auto source = string_byte_source(text);
    CHECK(count_line_breaks(*source) == 4);
    std::string big(3 << 20, 'x');
    big[(1 << 20) - 1] = '\r';   // a CRLF split exactly at the counter's block boundary
    big[1 << 20] = '\n';
    big[(2 << 20) - 1] = '\r';   // a lone CR at the next boundary
    auto big_source = string_byte_source(big);
    CHECK(count_line_breaks(*big_source) == 2);
}
}
