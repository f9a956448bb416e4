#pragma once

#include <cstdio>
#include <string>

namespace kamscore {

bool is_terminal(std::FILE* stream);
/// Columns of the terminal on stdout, or 0 when unknown / not a terminal.
int terminal_width();
/// --color auto|always|never with NO_COLOR honoured for auto. Throws Error(BadCommandLine).
bool use_color(const std::string& mode, std::FILE* stream);

}  // namespace kamscore
