#include "kamscore/io/sha256.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "kamscore/io/file_stat.hpp"

using namespace kamscore;

TEST_SUITE("io") {

// The test vectors of FIPS 180-2 (appendix B) and the empty string.
TEST_CASE("sha256 gives the published digests") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 fed in pieces equals sha256 of the whole") {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += static_cast<char>('a' + i % 26);
    Sha256 hash;
    for (std::size_t at = 0; at < text.size(); at += 777) hash.update(text.data() + at, std::min<std::size_t>(777, text.size() - at));
    CHECK(hash.hex_digest() == sha256_hex(text));
}

TEST_CASE("a hashing source hashes what was read and what the reader left") {
    const std::string text = "id;revenue\nC1;10\nC2;20\n";
    HashingByteSource source(string_byte_source(text));
    char buffer[5];
    CHECK(source.read(buffer, sizeof buffer) == 5);   // the consumer stops early
    const FileDigest digest = source.finish();
    CHECK(digest.bytes == text.size());
    CHECK(digest.sha256 == sha256_hex(text));
}

TEST_CASE("a file's digest, size and modification time") {
    char path[] = "/tmp/kamscore-sha256-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, "abc", 3) == 3);
    close(fd);
    const FileDigest digest = sha256_of_file(path);
    CHECK(digest.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest.bytes == 3);
    const auto stat = stat_file(path);
    REQUIRE(stat);
    CHECK(stat->bytes == 3);
    CHECK(stat->modified > 1600000000);
    std::remove(path);
    CHECK_FALSE(stat_file(path));
    CHECK_FALSE(stat_file("-"));
}

TEST_CASE("times are written in UTC, ISO 8601") {
    CHECK(format_utc_time(0) == "1970-01-01T00:00:00Z");
    CHECK(format_utc_time(1733011200) == "2024-12-01T00:00:00Z");
}

}
