#include "kamscore/error.hpp"

#include <regex>

#include <fmt/format.h>

namespace kamscore {

Error::Error(ExitCode code, std::string message, ErrorLocation where, std::string details)
    : std::runtime_error(message), code_(code), message_(std::move(message)), location_(std::move(where)),
      details_(std::move(details)) {}

std::string located_message(const Error& error) {
    const ErrorLocation& where = error.location();
    if (where.file.empty()) return error.message();
    std::string text = where.file;
    if (where.line > 0) {
        text += fmt::format(":{}", where.line);
        if (where.column > 0) text += fmt::format(":{}", where.column);
    }
    return text + ": " + error.message();
}

std::string format_error(const Error& error) {
    std::string text = error.details();
    if (!text.empty() && text.back() != '\n') text += '\n';
    if (error.message().empty()) return text;
    // Transition: messages written before Error had a location are preformatted.
    const std::string& legacy = error.message();
    if (legacy.starts_with("kamscore: ") || legacy.find('\n') != std::string::npos ||
        legacy.find(": error: ") != std::string::npos || std::regex_search(legacy, std::regex("^[^ ]+:[0-9]+: ")))
        return text + legacy + (legacy.ends_with('\n') ? "" : "\n");
    return text + "kamscore: error: " + located_message(error) + "\n";
}

}  // namespace kamscore
