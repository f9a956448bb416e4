#include "kamscore/score/scales.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace kamscore;

namespace {

Column numbers(std::vector<double> values) {
    Column column(Type::Number);
    column.numbers = std::move(values);
    return column;
}

std::vector<double> scaled(const ScaleSpec& scale, const Column& raw) {
    std::vector<double> out;
    apply_scale(scale, raw, out);
    return out;
}

ScaleSpec scale_of(ScaleKind kind, double low = 0, double high = 0) {
    ScaleSpec scale;
    scale.kind = kind;
    scale.low = low;
    scale.high = high;
    return scale;
}

}  // namespace

TEST_SUITE("score") {
TEST_CASE("percentile is SQL PERCENT_RANK with ties at their lowest rank and missing left out") {
    auto out = scaled(scale_of(ScaleKind::Percentile), numbers({10, 30, 20, 30, missing_number, 40}));
    // sorted: 10 20 30 30 40 -> ranks 1 2 3 3 5, n = 5
    CHECK(out[0] == 0.0);
    CHECK(out[2] == 25.0);
    CHECK(out[1] == 50.0);
    CHECK(out[3] == 50.0);
    CHECK(is_missing(out[4]));
    CHECK(out[5] == 100.0);
}

TEST_CASE("percentile of a single value is 100") {
    auto out = scaled(scale_of(ScaleKind::Percentile), numbers({missing_number, 7}));
    CHECK(is_missing(out[0]));
    CHECK(out[1] == 100.0);
}

TEST_CASE("linear scales between low and high and clamps, reversed when high is below low") {
    auto out = scaled(scale_of(ScaleKind::Linear, 0, 1000), numbers({-5, 0, 250, 1000, 5000, missing_number}));
    CHECK(std::vector<double>(out.begin(), out.begin() + 5) == std::vector<double>{0, 0, 25, 100, 100});
    CHECK(is_missing(out[5]));
    auto reversed = scaled(scale_of(ScaleKind::Linear, 100, 0), numbers({0, 25, 100}));
    CHECK(reversed == std::vector<double>{100, 75, 0});
}

TEST_CASE("log scales by orders of magnitude and gives zero to zero or less") {
    auto out = scaled(scale_of(ScaleKind::Log, 10, 1000), numbers({1, 10, 100, 1000, 0, -3}));
    CHECK(out[0] == 0.0);
    CHECK(out[1] == doctest::Approx(0.0));
    CHECK(out[2] == doctest::Approx(50.0));
    CHECK(out[3] == doctest::Approx(100.0));
    CHECK(out[4] == 0.0);
    CHECK(out[5] == 0.0);
}

TEST_CASE("bands give the score of the first band whose upper bound is above the value") {
    ScaleSpec scale = scale_of(ScaleKind::Bands);
    scale.bands = {{10, 0}, {25, 50}, {std::numeric_limits<double>::infinity(), 100}};
    auto out = scaled(scale, numbers({-1, 9.99, 10, 24.9, 25, 1e9}));
    CHECK(out == std::vector<double>{0, 0, 50, 50, 100, 100});
}

TEST_CASE("map looks text up exactly, then ignoring case, and leaves unknown values missing") {
    ScaleSpec scale = scale_of(ScaleKind::Map);
    scale.map = {{"high", 100}, {"medium", 50}, {"low", 0}};
    Column raw(Type::Text);
    raw.texts = {"high", "Medium", "LOW", "unknown", std::string_view()};
    auto out = scaled(scale, raw);
    CHECK(out[0] == 100.0);
    CHECK(out[1] == 50.0);
    CHECK(out[2] == 0.0);
    CHECK(is_missing(out[3]));
    CHECK(is_missing(out[4]));
}

TEST_CASE("map scales bool values by the keys true and false") {
    ScaleSpec scale = scale_of(ScaleKind::Map);
    scale.map = {{"true", 100}, {"false", 20}};
    Column raw(Type::Bool);
    raw.bools = {bool_true, bool_false, bool_missing};
    auto out = scaled(scale, raw);
    CHECK(out[0] == 100.0);
    CHECK(out[1] == 20.0);
    CHECK(is_missing(out[2]));
}

TEST_CASE("percentile ranks random values as counting the values below each one does") {
    // Negative and positive values, -0 and 0, repeats and infinities: the radix order must
    // agree with numeric order, and ties (including -0 with 0) share the lowest rank.
    std::uint64_t state = 12345;
    auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
    const double specials[] = {0.0, -0.0, 1e300, -1e300, std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(), 5e-324, -5e-324};
    std::vector<double> values;
    for (int i = 0; i < 3000; ++i) {
        const std::uint64_t r = next() >> 11;
        if (r % 10 == 0) values.push_back(specials[r % 8]);
        else if (r % 10 == 1) values.push_back(missing_number);
        else if (r % 10 == 2) values.push_back(static_cast<double>(static_cast<int>(r % 7) - 3));
        else values.push_back((static_cast<double>(r % 2000001) - 1000000.0) * 1.37);
    }
    const std::vector<double> got = scaled(scale_of(ScaleKind::Percentile), numbers(values));
    std::size_t present = 0;
    for (double v : values) present += !is_missing(v);
    for (std::size_t row = 0; row < values.size(); ++row) {
        if (is_missing(values[row])) {
            CHECK(is_missing(got[row]));
            continue;
        }
        std::size_t below = 0;
        for (double v : values) below += !is_missing(v) && v < values[row];
        CHECK(got[row] == doctest::Approx(100.0 * static_cast<double>(below) / static_cast<double>(present - 1)));
    }
}

TEST_CASE("a scale that may free its raw values gives the same scores and frees them") {
    std::vector<double> values;
    for (int i = 0; i < 500; ++i) values.push_back(static_cast<double>((i * 37) % 101) - 50.0);
    values[7] = missing_number;
    for (ScaleKind kind : {ScaleKind::Percentile, ScaleKind::Linear}) {
        const ScaleSpec scale = scale_of(kind, -50, 50);
        Column raw = numbers(values);
        std::vector<double> out;
        apply_scale(scale, raw, true, out);
        CHECK(raw.numbers.empty());
        const std::vector<double> kept = scaled(scale, numbers(values));
        REQUIRE(out.size() == kept.size());
        for (std::size_t row = 0; row < out.size(); ++row)
            CHECK((out[row] == kept[row] || (is_missing(out[row]) && is_missing(kept[row]))));
    }
}
TEST_CASE("on two threads, every scale gives the values of one thread") {
    // Shapes that test the split: revenues that share their top bytes (the sort splits the
    // largest bucket further), a run of ties across the middle of the order (the sweep's second
    // half starts inside it), only two values, all values equal, a first half without values;
    // with missing values, -0 and 0.
    std::uint64_t state = 99;
    auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 11; };
    const std::size_t rows = 200000;
    std::vector<std::vector<double>> shapes(5);
    for (std::size_t i = 0; i < rows; ++i) {
        const std::uint64_t r = next();
        shapes[0].push_back(r % 50 == 0   ? missing_number
                            : r % 50 == 1 ? (r % 4 == 0 ? -0.0 : 0.0)
                            : r % 50 == 2 ? -static_cast<double>(r % 1000)
                                          : 1000.0 + static_cast<double>(r % 10000000) / 7.0);
        shapes[1].push_back(i % 3 == 0 ? static_cast<double>(r % 100000) : 5.0);
        shapes[2].push_back(r % 2 == 0 ? 1.5 : 2.5);
        shapes[3].push_back(r % 10 == 0 ? missing_number : 42.0);
        shapes[4].push_back(i < rows / 2 ? missing_number : static_cast<double>(r % 1000));
    }
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        for (const ScaleSpec& scale : {scale_of(ScaleKind::Percentile), scale_of(ScaleKind::Linear, 0, 1e6)}) {
            CAPTURE(s);
            std::vector<double> one, two;
            apply_scale(scale, numbers(shapes[s]), one, 1);
            apply_scale(scale, numbers(shapes[s]), two, 2);
            Column released = numbers(shapes[s]);
            std::vector<double> two_released;
            apply_scale(scale, released, true, two_released, 2);
            REQUIRE(one.size() == rows);
            REQUIRE(two.size() == rows);
            REQUIRE(two_released.size() == rows);
            std::size_t differ = 0;
            for (std::size_t row = 0; row < rows; ++row) {
                const auto same = [&](double a, double b) { return a == b || (is_missing(a) && is_missing(b)); };
                differ += !same(one[row], two[row]) || !same(one[row], two_released[row]);
            }
            CHECK(differ == 0);
        }
    }
}
}
