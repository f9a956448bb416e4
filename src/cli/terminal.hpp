#pragma once

#include <cstdio>
#include <string>

#include "cli/environment.hpp"

namespace kamscore {

bool is_terminal(std::FILE* stream);

/// Columns of the terminal on stdout, else COLUMNS, else 0 (unknown).
int terminal_width(const Environment& environment);

/// --color auto|always|never with NO_COLOR honoured for auto. Throws Error(BadCommandLine).
bool use_color(const std::string& mode, std::FILE* stream, const Environment& environment);

}  // namespace kamscore
