#include "kamscore/row_ranges.hpp"

#include <condition_variable>
#include <mutex>

namespace kamscore {
namespace {

/// One thread that waits for calls, started at the first and stopped when the program ends.
class Helper {
public:
    /// Starts `call` on the helper when no caller holds it; false when one does. The caller
    /// that started a call holds the helper until its wait() returns.
    bool try_start(void (*call)(void*), void* context) {
        std::lock_guard lock(mutex_);
        if (is_held_) return false;
        if (!thread_.joinable()) thread_ = std::thread([this] { serve(); });
        is_held_ = true;
        call_ = call;
        context_ = context;
        changed_.notify_all();
        return true;
    }

    void wait() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return call_ == nullptr; });
        is_held_ = false;
    }

    ~Helper() {
        {
            std::lock_guard lock(mutex_);
            is_stopping_ = true;
        }
        changed_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

private:
    void serve() {
        std::unique_lock lock(mutex_);
        for (;;) {
            changed_.wait(lock, [&] { return is_stopping_ || call_; });
            if (is_stopping_) return;
            auto* call = call_;
            lock.unlock();
            call(context_);   // run_both's call catches what it throws
            lock.lock();
            call_ = nullptr;
            changed_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    void (*call_)(void*) = nullptr;   ///< the call to run or running; null once it is done
    void* context_ = nullptr;
    bool is_held_ = false;
    bool is_stopping_ = false;
    std::thread thread_;
};

Helper& helper() {
    static Helper kept;
    return kept;
}

}  // namespace

SecondThread::SecondThread(void (*call)(void*), void* context) {
    on_helper_ = helper().try_start(call, context);
    if (!on_helper_) own_ = std::thread(call, context);
}

SecondThread::~SecondThread() {
    if (on_helper_) helper().wait();
    else own_.join();
}

}  // namespace kamscore
