// Naming a mistyped subcommand: CLI11 reports `kamscore frobnicate` as "A subcommand is
// required", which hides what was typed.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace kamscore {

/// When no subcommand was recognised on the command line and a word that is not an option was
/// given where it belongs (the first argument that does not start with '-'), the message for
/// it: "unknown subcommand 'scor': did you mean 'score'?", or for a word close to none
/// "unknown subcommand 'frobnicate': expected score, explain, ... or init". Otherwise nullopt
/// (CLI11's own message then stands).
std::optional<std::string> unknown_subcommand_message(const CLI::App& app, int argc, const char* const* argv);

}  // namespace kamscore
