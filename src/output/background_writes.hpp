// Writes an output's full buffers to its FILE on a thread of their own.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace kamscore {

/// The kernel's copy of written bytes into a new file is a tenth of a million-row run's time.
/// Done here, it overlaps formatting the next rows. At most `queued_max` buffers wait, so the
/// memory stays a few MiB whatever the output's size. The bytes go out in the order handed
/// over; a failed write is rethrown as WriteError by the next call, and nothing after it is
/// written.
class BackgroundWrites {
public:
    static constexpr std::size_t queued_max = 2;

    explicit BackgroundWrites(std::FILE* out);
    /// Stops the thread: what is still queued is dropped (the caller is unwinding a failure);
    /// a write under way is waited for, so the FILE must stay open until this returns.
    ~BackgroundWrites();
    BackgroundWrites(const BackgroundWrites&) = delete;
    BackgroundWrites& operator=(const BackgroundWrites&) = delete;

    /// Queues the first `used` bytes of `data` (a buffer of `capacity` bytes) and leaves in
    /// `data` an emptied buffer of the same capacity to fill next; waits while the queue is
    /// full. When it throws, `data` is left as it was.
    void write(std::unique_ptr<char[]>& data, std::size_t used, std::size_t capacity);
    /// Waits until every queued buffer is written.
    void wait();

private:
    struct Queued {
        std::unique_ptr<char[]> data;
        std::size_t used;
    };
    void run(std::stop_token stop);
    void throw_if_failed() const;

    std::FILE* out_;
    std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<Queued> queued_;                       ///< front: being written or next
    std::vector<std::unique_ptr<char[]>> emptied_;   ///< written buffers, to be reused
    bool failed_ = false;
    int error_number_ = 0;
    std::jthread thread_;   // last: started once everything it reads is built
};

}  // namespace kamscore
