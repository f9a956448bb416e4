#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include "kamscore/error.hpp"

namespace kamscore {

bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

int terminal_width(const Environment& environment) {
    winsize size{};
    if (is_terminal(stdout) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return environment.columns.value_or(0);
}

bool use_color(const std::string& mode, std::FILE* stream, const Environment& environment) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    if (mode != "auto") throw Error(ExitCode::BadCommandLine, "--color '" + mode + "': expected auto, always or never");
    return !environment.no_color && is_terminal(stream);
}

}  // namespace kamscore
