#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/environment.hpp"
#include "kamscore/exit_code.hpp"

namespace kamscore {

/// What a subcommand does once the command line is parsed, given the environment that
/// main() read once.
using CommandAction = std::function<ExitCode(const Environment&)>;

/// Each registers its subcommand's options on `app` and sets `action` when it is chosen.
void register_score_command(CLI::App& app, CommandAction& action);
void register_explain_command(CLI::App& app, CommandAction& action);
void register_summary_command(CLI::App& app, CommandAction& action);
void register_check_command(CLI::App& app, CommandAction& action);
void register_diff_command(CLI::App& app, CommandAction& action);
void register_test_command(CLI::App& app, CommandAction& action);
void register_init_command(CLI::App& app, CommandAction& action);
void register_schema_command(CLI::App& app, CommandAction& action);

}  // namespace kamscore
