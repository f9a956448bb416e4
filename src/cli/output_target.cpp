#include "cli/output_target.hpp"

#include <cerrno>

#include "kamscore/error.hpp"
#include "kamscore/io/atomic_file.hpp"
#include "kamscore/io/write_error.hpp"
#include "kamscore/io/write_in_pieces.hpp"

namespace kamscore {
namespace {

bool is_standard_output(const std::string& path) { return path.empty() || path == "-"; }

[[noreturn]] void fail_standard_output(int error_number) {
    if (error_number == EPIPE) throw StandardOutputClosed{};
    throw Error(ExitCode::IoFailure, write_failure_message("-", error_number));
}

}  // namespace

void flush_standard_output() {
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    // An earlier failed write (printf, std::cout) leaves the error flag even when this flush
    // has nothing left to write; errno may then be gone: WriteError's "I/O error".
    if (!flushed || std::ferror(stdout)) fail_standard_output(errno);
}

void write_output(const std::string& path, const std::function<void(std::FILE*)>& write) {
    if (is_standard_output(path)) {
        try {
            write(stdout);
        } catch (const WriteError& error) {
            fail_standard_output(error.error_number());
        }
        flush_standard_output();
        return;
    }
    AtomicFile output(path);
    try {
        write(output.stream());
    } catch (const WriteError& error) {
        throw Error(ExitCode::IoFailure, write_failure_message(path, error.error_number()));
    }
    output.commit();
}

void write_output_text(const std::string& path, std::string_view text) {
    write_output(path, [text](std::FILE* out) {
        if (!write_in_pieces(out, text.data(), text.size())) throw WriteError(errno);
    });
}

}  // namespace kamscore
