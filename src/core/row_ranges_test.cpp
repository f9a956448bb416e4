#include "kamscore/row_ranges.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace kamscore;

TEST_SUITE("core") {
TEST_CASE("split_rows covers every row once, in two halves on two threads only when asked and large") {
    for (const std::size_t rows : {std::size_t{0}, std::size_t{5}, split_min_rows - 1, split_min_rows, split_min_rows * 3 + 1}) {
        for (const int threads : {1, 2}) {
            std::vector<int> seen(rows, 0);
            std::atomic<int> calls{0};
            std::atomic<bool> other_thread{false};
            const auto caller = std::this_thread::get_id();
            split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
                ++calls;
                if (std::this_thread::get_id() != caller) other_thread = true;
                for (std::size_t row = first; row < last; ++row) ++seen[row];
            });
            const bool split = threads == 2 && rows >= split_min_rows;
            CAPTURE(rows);
            CAPTURE(threads);
            CHECK(calls == (split ? 2 : 1));
            CHECK(other_thread == split);
            CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(rows));
        }
    }
}

TEST_CASE("split_rows rethrows what the second half throws, after the first half is done") {
    bool first_done = false;
    const auto run = [&] {
        split_rows(split_min_rows * 2, 2, [&](std::size_t first, std::size_t) {
            if (first > 0) throw std::runtime_error("second half");
            first_done = true;
        });
    };
    CHECK_THROWS_WITH_AS(run(), "second half", std::runtime_error);
    CHECK(first_done);
}

TEST_CASE("run_both inside run_both, and on two threads at once: every call runs once, on another thread") {
    // The inner run_both finds the kept helper busy with the outer's second half, and the
    // callers on two threads find it held by the other: each then gets a thread of its own.
    std::atomic<int> calls{0};
    const auto nested = [&] {
        const auto outer_caller = std::this_thread::get_id();
        run_both([&] { ++calls; },
                 [&] {
                     CHECK(std::this_thread::get_id() != outer_caller);
                     const auto inner_caller = std::this_thread::get_id();
                     run_both([&] { ++calls; }, [&] {
                         CHECK(std::this_thread::get_id() != inner_caller);
                         ++calls;
                     });
                 });
    };
    for (int round = 0; round < 200; ++round) {
        std::thread other(nested);
        nested();
        other.join();
    }
    CHECK(calls == 200 * 2 * 3);
}

TEST_CASE("run_both waits for the second call even when the first throws") {
    std::atomic<bool> second_done{false};
    const auto run = [&] {
        run_both([] { throw std::runtime_error("first"); },
                 [&] {
                     std::this_thread::sleep_for(std::chrono::milliseconds(20));
                     second_done = true;
                 });
    };
    CHECK_THROWS_WITH_AS(run(), "first", std::runtime_error);
    CHECK(second_done);
}
}
