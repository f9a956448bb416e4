#include "kamscore/error.hpp"

#include <fmt/format.h>

namespace kamscore {

namespace {

/// what(): the located message, or the details when they say everything, so that code that
/// only knows std::exception still shows where the error is.
std::string what_text(const std::string& message, const ErrorLocation& where, const std::string& details) {
    if (message.empty()) return details;
    if (where.file.empty()) return message;
    std::string text = where.file;
    if (where.line > 0) {
        text += fmt::format(":{}", where.line);
        if (where.column > 0) text += fmt::format(":{}", where.column);
    }
    return text + ": " + message;
}

}  // namespace

Error::Error(ExitCode code, std::string message, ErrorLocation where, std::string details)
    : std::runtime_error(what_text(message, where, details)), code_(code), message_(std::move(message)), location_(std::move(where)),
      details_(std::move(details)) {}

std::string located_message(const Error& error) {
    return what_text(error.message(), error.location(), {});
}

std::string format_error(const Error& error) {
    std::string text = error.details();
    if (!text.empty() && text.back() != '\n') text += '\n';
    if (error.message().empty()) return text;
    return text + "kamscore: error: " + located_message(error) + "\n";
}

}  // namespace kamscore
