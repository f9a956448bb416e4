#include "kamscore/io/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

// Temporary files to remove when a signal ends the process. The handler may only use
// async-signal-safe calls, so the paths live in fixed arrays rather than std::string.
constexpr int registry_slots = 16;
constexpr std::size_t registry_path_bytes = 4096;
std::atomic<bool> slot_in_use[registry_slots];
char slot_path[registry_slots][registry_path_bytes];

constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous_actions[std::size(cleanup_signals)];

extern "C" void remove_temporaries_and_reraise(int signal_number) {
    for (int slot = 0; slot < registry_slots; ++slot)
        if (slot_in_use[slot].load()) ::unlink(slot_path[slot]);
    for (std::size_t i = 0; i < std::size(cleanup_signals); ++i)
        if (cleanup_signals[i] == signal_number) ::sigaction(signal_number, &previous_actions[i], nullptr);
    // Delivered once this handler returns, with the previous disposition (usually: terminate).
    ::raise(signal_number);
}

// Checked on every AtomicFile rather than once: other code (a test framework, a library) may
// have replaced the handlers since; theirs then run after ours.
void install_signal_handlers() {
    for (std::size_t i = 0; i < std::size(cleanup_signals); ++i) {
        struct sigaction current {};
        ::sigaction(cleanup_signals[i], nullptr, &current);
        if (current.sa_handler == remove_temporaries_and_reraise) continue;
        // An ignored signal stays ignored: under nohup, SIGHUP must not end the run.
        if (current.sa_handler == SIG_IGN) continue;
        previous_actions[i] = current;
        struct sigaction action {};
        action.sa_handler = remove_temporaries_and_reraise;
        sigemptyset(&action.sa_mask);
        for (const int other : cleanup_signals) sigaddset(&action.sa_mask, other);
        ::sigaction(cleanup_signals[i], &action, nullptr);
    }
}

/// Returns the slot, or -1 when the registry is full or the path too long: the file is then
/// still removed by the destructor, only not on a signal.
int register_temporary(const std::string& path) {
    if (path.size() >= registry_path_bytes) return -1;
    for (int slot = 0; slot < registry_slots; ++slot) {
        if (slot_in_use[slot].load()) continue;
        std::memcpy(slot_path[slot], path.c_str(), path.size() + 1);
        slot_in_use[slot].store(true);
        return slot;
    }
    return -1;
}

void unregister_temporary(const std::string& path) {
    for (int slot = 0; slot < registry_slots; ++slot)
        if (slot_in_use[slot].load() && path == slot_path[slot]) slot_in_use[slot].store(false);
}

/// Blocks the cleanup signals for its lifetime, so a temporary file cannot be created
/// between a signal's cleanup and its registration.
class SignalBlock {
public:
    SignalBlock() {
        sigset_t blocked;
        sigemptyset(&blocked);
        for (const int signal_number : cleanup_signals) sigaddset(&blocked, signal_number);
        ::pthread_sigmask(SIG_BLOCK, &blocked, &previous_);
    }
    ~SignalBlock() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    SignalBlock(const SignalBlock&) = delete;
    SignalBlock& operator=(const SignalBlock&) = delete;

private:
    sigset_t previous_;
};

[[noreturn]] void throw_write_error(const std::string& path, int error_number) {
    throw Error(ExitCode::IoFailure,
                fmt::format("cannot write '{}': {}", path, std::strerror(error_number)));
}

mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

/// Deletes an uncommitted temporary file and forgets it; `path` is left empty.
void remove_temporary(std::string& path) {
    if (path.empty()) return;
    ::unlink(path.c_str());
    unregister_temporary(path);
    path.clear();
}

void sync_directory(const std::string& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);   // best effort: the rename is done, and some file systems refuse this
    ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::string target_path) : target_(std::move(target_path)) {
    struct stat status {};
    const bool exists = ::stat(target_.c_str(), &status) == 0;
    if (exists && S_ISDIR(status.st_mode)) throw_write_error(target_, EISDIR);
    // A pipe or device (a FIFO, /dev/stdout) cannot be replaced, only written to; renaming a
    // file over /dev/null would even break the system. /dev/stdout can also name a regular
    // file (a shell redirection), which must not be replaced in /dev either.
    const bool is_special_path = target_.starts_with("/dev/") || target_.starts_with("/proc/");
    if ((exists && !S_ISREG(status.st_mode)) || is_special_path) {
        stream_ = std::fopen(target_.c_str(), "ae");   // append: never truncate a `>>` redirection
        if (stream_ == nullptr) throw_write_error(target_, errno);
        return;
    }

    const std::size_t slash = target_.rfind('/');
    const std::string directory = slash == std::string::npos ? std::string() : target_.substr(0, slash + 1);
    const std::string name = target_.substr(slash == std::string::npos ? 0 : slash + 1);
    if (name.empty()) throw_write_error(target_, EISDIR);
    std::string pattern = directory + "." + name + ".tmp-XXXXXX";

    int fd;
    {
        SignalBlock block;
        install_signal_handlers();
        fd = ::mkostemp(pattern.data(), O_CLOEXEC);
        if (fd < 0) throw_write_error(target_, errno);
        register_temporary(pattern);
    }
    temporary_ = std::move(pattern);
    // mkstemp creates mode 0600; give the output the mode a shell redirection would: the old
    // file's, or 0666 less the umask for a new one.
    const mode_t mode = exists ? (status.st_mode & 07777) : (0666 & ~current_umask());
    if (::fchmod(fd, mode) != 0 || (stream_ = ::fdopen(fd, "w")) == nullptr) {
        const int error_number = errno;
        ::close(fd);
        remove_temporary(temporary_);
        throw_write_error(target_, error_number);
    }
}

AtomicFile::~AtomicFile() {
    if (stream_ != nullptr) std::fclose(stream_);
    remove_temporary(temporary_);
}

void AtomicFile::commit() {
    if (committed_) return;
    errno = 0;
    const bool is_flushed = std::fflush(stream_) == 0 && std::ferror(stream_) == 0;
    // A write that failed earlier (disk full) may have left errno reset since: "I/O error" then.
    int error_number = is_flushed ? 0 : (errno != 0 ? errno : EIO);
    // fsync fails with EINVAL on pipes and character devices, which need no syncing.
    if (error_number == 0 && ::fsync(::fileno(stream_)) != 0 && errno != EINVAL) error_number = errno;
    if (std::fclose(stream_) != 0 && error_number == 0) error_number = errno;
    stream_ = nullptr;
    if (error_number == 0 && !temporary_.empty() && ::rename(temporary_.c_str(), target_.c_str()) != 0)
        error_number = errno;
    if (error_number != 0) {
        remove_temporary(temporary_);
        throw_write_error(target_, error_number);
    }
    if (!temporary_.empty()) {
        // Renamed: the path is gone, only the registry entry is left.
        unregister_temporary(temporary_);
        temporary_.clear();
        const std::size_t slash = target_.rfind('/');
        sync_directory(slash == std::string::npos ? std::string(".") : target_.substr(0, slash + 1));
    }
    committed_ = true;
}

}  // namespace kamscore
