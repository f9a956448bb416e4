#include "io/zip_archive.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

std::string fixture_bytes(const std::string& name) {
    std::ifstream file(std::string(KAMSCORE_SOURCE_DIR) + "/tests/xlsx/input/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        return located_message(error);
    }
    return "no error";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("an entry is read whole or in pieces, and a missing one is told apart") {
    const auto archive = ZipArchive::open_memory(fixture_bytes("handmade.xlsx"), "book.xlsx");
    CHECK(archive->contains("xl/workbook.xml"));
    CHECK_FALSE(archive->contains("xl/nothing.xml"));
    CHECK_FALSE(archive->read("xl/nothing.xml", 1000).has_value());
    const std::string whole = *archive->read("xl/styles.xml", 1 << 20);
    CHECK(whole.starts_with("<?xml"));
    CHECK(archive->unpacked_size("xl/styles.xml") == whole.size());
    auto entry = archive->open("xl/styles.xml", 1 << 20);
    std::string pieces;
    char buffer[7];
    while (std::size_t got = entry->read(buffer, sizeof buffer)) pieces.append(buffer, got);
    CHECK(pieces == whole);
    CHECK(entry->bytes_read() == whole.size());
}

TEST_CASE("an entry that unpacks to more than the cap is refused, by its size or as it is read") {
    const auto archive = ZipArchive::open_memory(fixture_bytes("handmade.xlsx"), "book.xlsx");
    const std::uint64_t size = *archive->unpacked_size("xl/worksheets/sheet1.xml");
    CHECK(error_of([&] { archive->open("xl/worksheets/sheet1.xml", 100); }) ==
          "book.xlsx: the workbook's part 'xl/worksheets/sheet1.xml' unpacks to " + std::to_string(size) +
              " bytes, more than the 100 kamscore reads: that is no export, or save it as CSV");
}

TEST_CASE("bytes that are no zip, or a cut-off one, are damaged workbooks") {
    CHECK(error_of([] { ZipArchive::open_memory("PK\x03\x04 not really", "x.xlsx"); })
              .starts_with("x.xlsx: cannot read the workbook: "));
    const std::string whole = fixture_bytes("handmade.xlsx");
    CHECK(error_of([&] { ZipArchive::open_memory(whole.substr(0, whole.size() - 30), "cut.xlsx"); })
              .starts_with("cut.xlsx: cannot read the workbook: "));
}
}
