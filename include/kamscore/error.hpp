#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "kamscore/exit_code.hpp"

namespace kamscore {

/// Where an error is: a file, and when known its 1-based line and column (0: unknown).
struct ErrorLocation {
    std::string file;
    std::uint64_t line = 0;
    std::uint32_t column = 0;
};

/// Aborts a run. Thrown by library code and caught once, at the top of the command line, which
/// prints format_error() and exits with code(). The message is one sentence without any prefix:
/// what is wrong and what to do. `details` are complete lines shown before it (the bad rows of a
/// file, a rule file's diagnostics), each ending in a newline; an error whose details say
/// everything has an empty message.
class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string message, ErrorLocation where = {}, std::string details = {});

    ExitCode code() const { return code_; }
    const std::string& message() const { return message_; }
    const ErrorLocation& location() const { return location_; }
    const std::string& details() const { return details_; }

private:
    ExitCode code_;
    std::string message_;
    ErrorLocation location_;
    std::string details_;
};

/// "file:line:col: message" (as much of the location as is known), without a prefix: how
/// an error reads inside another report, such as a failing rule-file test.
std::string located_message(const Error& error);

/// What the user sees: the details, then "kamscore: error: file:line:col: message\n". The only
/// place that writes the "kamscore: error: " prefix.
std::string format_error(const Error& error);

/// The prefix of every other line kamscore writes on stderr ("kamscore: warning: ...").
inline constexpr const char* program_prefix = "kamscore: ";

}  // namespace kamscore
