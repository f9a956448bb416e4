#include "cli/terminal.hpp"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kamscore/error.hpp"

namespace kamscore {

bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

int terminal_width() {
    winsize size{};
    if (is_terminal(stdout) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) return std::atoi(columns);
    return 0;
}

bool use_color(const std::string& mode, std::FILE* stream) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    if (mode != "auto")
        throw Error(ExitCode::BadCommandLine, "--color '" + mode + "': expected auto, always or never");
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return is_terminal(stream);
}

}  // namespace kamscore
