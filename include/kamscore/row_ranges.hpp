// Splitting a loop over a population's rows between the two cores of a run.
#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace kamscore {

/// Below this many rows a loop stays on the calling thread: starting a thread costs about as
/// much as 50,000 rows of a scale or a score.
inline constexpr std::size_t split_min_rows = std::size_t{1} << 16;

/// Whether split_rows(rows, threads, ...) splits the rows in two.
inline bool splits_rows(std::size_t rows, int threads) { return threads >= 2 && rows >= split_min_rows; }

/// Runs a call on the program's helper thread, kept for run_both: a run of score splits some
/// 150 loops, and starting a thread for each cost 10 ms of a 0.65 s run on the benchmark VM. When
/// the helper is busy (a run_both inside the second half, or one on another thread) the call
/// gets a thread of its own, as before. The destructor waits for the call to finish.
class SecondThread {
public:
    template <class Call>
    explicit SecondThread(Call& call) : SecondThread(&invoke<Call>, &call) {}
    ~SecondThread();
    SecondThread(const SecondThread&) = delete;
    SecondThread& operator=(const SecondThread&) = delete;

private:
    SecondThread(void (*call)(void*), void* context);
    template <class Call>
    static void invoke(void* call) {
        (*static_cast<Call*>(call))();
    }
    bool on_helper_ = false;
    std::thread own_;
};

/// Calls here() on this thread and there() on a second one, at once, and returns when both
/// are done. What there() throws is rethrown here, after here() is done.
template <class Here, class There>
void run_both(Here&& here, There&& there) {
    std::exception_ptr failed;
    auto second = [&] {
        try {
            there();
        } catch (...) {
            failed = std::current_exception();
        }
    };
    {
        SecondThread running(second);
        here();
    }
    if (failed) std::rethrow_exception(failed);
}

/// Calls work(first, last) over [0, rows): as two halves on two threads when
/// splits_rows(rows, threads), the second at [rows / 2, rows); else once, on this thread. The
/// work of the two halves must touch disjoint rows.
template <class Work>
void split_rows(std::size_t rows, int threads, Work&& work) {
    if (!splits_rows(rows, threads)) {
        work(std::size_t{0}, rows);
        return;
    }
    const std::size_t half = rows / 2;
    run_both([&] { work(std::size_t{0}, half); }, [&] { work(half, rows); });
}

}  // namespace kamscore
