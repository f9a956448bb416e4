#include "output/background_writes.hpp"

#include <cerrno>

#include "kamscore/io/write_error.hpp"
#include "kamscore/io/write_in_pieces.hpp"

namespace kamscore {

BackgroundWrites::BackgroundWrites(std::FILE* out)
    : out_(out), thread_([this](std::stop_token stop) { run(stop); }) {}

BackgroundWrites::~BackgroundWrites() {
    thread_.request_stop();
    changed_.notify_all();
}

void BackgroundWrites::throw_if_failed() const {
    if (failed_) throw WriteError(error_number_);
}

void BackgroundWrites::write(std::unique_ptr<char[]>& data, std::size_t used, std::size_t capacity) {
    std::unique_ptr<char[]> next;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || queued_.size() < queued_max; });
    throw_if_failed();
    if (!emptied_.empty()) {
        next = std::move(emptied_.back());
        emptied_.pop_back();
    } else {
        next.reset(new char[capacity]);   // at most queued_max + 1 buffers are ever made
    }
    queued_.push_back({std::move(data), used});
    data = std::move(next);
    changed_.notify_all();
}

void BackgroundWrites::wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || queued_.empty(); });
    throw_if_failed();
}

void BackgroundWrites::run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    for (;;) {
        // Stopped: what is queued is dropped, not written (the caller is unwinding, and the
        // file may be closed right after the destructor).
        changed_.wait(lock, stop, [&] { return !queued_.empty(); });
        if (stop.stop_requested()) return;
        Queued& next = queued_.front();
        lock.unlock();
        const bool complete = write_in_pieces(out_, next.data.get(), next.used);
        const int error_number = errno;
        lock.lock();
        if (!complete) {
            failed_ = true;
            error_number_ = error_number;   // WriteError takes 0 as EIO
            queued_.clear();
            changed_.notify_all();
            return;
        }
        emptied_.push_back(std::move(next.data));
        queued_.pop_front();
        changed_.notify_all();
    }
}

}  // namespace kamscore
