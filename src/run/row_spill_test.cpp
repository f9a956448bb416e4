// The temporary file of two passes: numbers come back bit for bit however they are kept.
#include "run/row_spill.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace kamscore;

namespace {

/// Writes one batch of each list of numbers as a column and reads it back.
std::vector<std::vector<double>> round_trip(const std::vector<std::vector<double>>& lists, std::uint64_t* bytes = nullptr) {
    Frame frame;
    std::vector<int> slots;
    for (std::size_t i = 0; i < lists.size(); ++i) {
        std::string name = "c";
        name += std::to_string(i);
        slots.push_back(frame.add_column(name, i % 2 ? Type::Date : Type::Number));
        frame.columns[static_cast<std::size_t>(slots.back())].numbers = lists[i];
    }
    frame.rows = lists.empty() ? 0 : lists.front().size();
    RowSpill spill("/tmp");
    spill.write(frame, slots, 0, frame.rows);
    if (bytes) *bytes = spill.bytes_written();
    spill.rewind();
    Frame back = frame.empty_like();
    CHECK(spill.read(back, slots) == frame.rows);
    CHECK(spill.read(back, slots) == 0);
    std::vector<std::vector<double>> got;
    for (int slot : slots) got.push_back(back.columns[static_cast<std::size_t>(slot)].numbers);
    return got;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
    return true;
}

}  // namespace

TEST_SUITE("run") {
TEST_CASE("the temporary file gives every number back bit for bit, kept as hundredths where they fit") {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<std::vector<double>> lists{
        {0, 1, 2, 3, 4, missing_number, 327.67, -327.67},              // whole numbers and cents: 2 bytes
        {20000, 20001, missing_number, 45000, -1, 0, 0, 7},            // days (a date column)
        {461214.82, -1234.5, 0.01, 21474836.46, missing_number, 58.1, 1e-2, 99.99},   // 4 bytes
        {1.0 / 3, 0.5, 0.25, 2, 3, 4, 5, 6},                            // a ratio: doubles
        {0.5, -0.0, 1, 2, 3, 4, 5, 6},                                  // -0 is not +0: doubles
        {21474836.48, 1, 2, 3, 4, 5, 6, 7},                             // beyond 4 bytes: doubles
        {inf, -inf, 1, 2, 3, 4, 5, 6},
        {std::nan("7"), 1, 2, 3, 4, 5, 6, 7},                           // another NaN than missing_number
        {0.1 + 0.2, 1, 2, 3, 4, 5, 6, 7},                               // 0.30000000000000004
    };
    const auto got = round_trip(lists);
    REQUIRE(got.size() == lists.size());
    for (std::size_t i = 0; i < lists.size(); ++i) {
        CAPTURE(i);
        CHECK(same_bits(got[i], lists[i]));
    }
}

TEST_CASE("the temporary file keeps cents in 2 or 4 bytes a cell, other numbers in 8") {
    std::vector<double> cents, big_cents, ratios;
    for (int i = 0; i < 1000; ++i) {
        cents.push_back((i % 200 - 100) / 4.0);                    // quarters: -25 .. 24.75
        big_cents.push_back(static_cast<double>(10000000 + i * 1234567) / 100.0);   // up to 12,343,324.33
        ratios.push_back(static_cast<double>(i) / 7.0);
    }
    std::uint64_t narrow = 0, wide = 0, doubles = 0;
    CHECK(same_bits(round_trip({cents}, &narrow).front(), cents));
    CHECK(same_bits(round_trip({big_cents}, &wide).front(), big_cents));
    CHECK(same_bits(round_trip({ratios}, &doubles).front(), ratios));
    // The row count (8 bytes) and a coding byte, then the cells.
    CHECK(narrow == 8 + 1 + 2 * 1000);
    CHECK(wide == 8 + 1 + 4 * 1000);
    CHECK(doubles == 8 + 1 + 8 * 1000);
}
}
