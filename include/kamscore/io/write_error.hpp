#pragma once

#include "kamscore/error.hpp"

namespace kamscore {

/// Writing output bytes to an open stream failed. The writers only see a FILE*, so the message
/// says "cannot write output: <reason>"; the caller that opened the stream knows its name and
/// rethrows it with write_failure_message(), and tells a closed pipe (EPIPE) from a full disk.
class WriteError : public Error {
public:
    /// `error_number` is an errno value; 0 is taken as EIO (a short write without a reason).
    explicit WriteError(int error_number);
    int error_number() const { return error_number_; }

private:
    int error_number_;
};

/// "cannot write 'out.csv': No space left on device"; for "" or "-" (standard output)
/// "cannot write to standard output: No space left on device".
std::string write_failure_message(const std::string& path, int error_number);

}  // namespace kamscore
