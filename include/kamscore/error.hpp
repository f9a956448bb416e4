#pragma once

#include <stdexcept>
#include <string>

#include "kamscore/exit_code.hpp"

namespace kamscore {

/// Aborts a run. Thrown by library code, caught only in main(), which prints what() as
/// given (already formatted, possibly several lines) and returns code().
class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

private:
    ExitCode code_;
};

}  // namespace kamscore
