// Splitting a loop over a population's rows between the two cores of a run.
#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace kamscore {

/// Below this many rows a loop stays on the calling thread: starting a thread costs about as
/// much as 50,000 rows of a scale or a score.
inline constexpr std::size_t split_min_rows = std::size_t{1} << 16;

/// Calls work(first, last) over [0, rows): with `threads` >= 2 and at least split_min_rows,
/// as two halves, the second on a thread of its own; else once, on this thread. The work of
/// the two halves must touch disjoint rows. What the second half throws is rethrown here,
/// after both halves are done.
template <class Work>
void split_rows(std::size_t rows, int threads, Work&& work) {
    if (threads < 2 || rows < split_min_rows) {
        work(std::size_t{0}, rows);
        return;
    }
    const std::size_t half = rows / 2;
    std::exception_ptr failed;
    {
        std::jthread second([&] {
            try {
                work(half, rows);
            } catch (...) {
                failed = std::current_exception();
            }
        });
        work(std::size_t{0}, half);
    }
    if (failed) std::rethrow_exception(failed);
}

}  // namespace kamscore
