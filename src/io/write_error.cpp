#include "kamscore/io/write_error.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace kamscore {
namespace {

int known_error(int error_number) { return error_number != 0 ? error_number : EIO; }

}  // namespace

WriteError::WriteError(int error_number)
    : Error(ExitCode::IoFailure, std::string("cannot write output: ") + std::strerror(known_error(error_number))),
      error_number_(known_error(error_number)) {}

std::string write_failure_message(const std::string& path, int error_number) {
    const char* reason = std::strerror(known_error(error_number));
    if (path.empty() || path == "-") return fmt::format("cannot write to standard output: {}", reason);
    return fmt::format("cannot write '{}': {}", path, reason);
}

}  // namespace kamscore
