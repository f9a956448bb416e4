// The input options, defined once: every subcommand that reads customers (score, explain,
// summary, check --against) registers the same set and turns it into a RunRequest the same
// way, so that they all answer what `score` decides.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/environment.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {

struct InputOptions {
    std::vector<std::string> files{"-"};   ///< registered by the subcommand (its positionals)
    std::string rules_path;
    std::vector<std::string> set;
    std::string delimiter;
    std::string decimal;
    std::string encoding;
    std::string sheet;
    std::string max_record_size;
    std::string today;
    bool skip_bad_rows = false;
    std::string rejects_path;
    std::string previous_path;
    std::string overrides_path;
    std::vector<std::string> sources;   ///< --source NAME=FILE
    std::string unmatched_path;
    bool quiet = false;
    bool verbose = false;
    // The guards (README, "Nightly runs"); empty text: not given.
    bool allow_empty = false;
    std::string min_rows;
    std::string max_disappeared;
    std::string max_new;
    bool require_final_newline = false;
};

/// Registers the options above on `command`; -r/--rules only with `rules_option` (check takes
/// the rule file as its argument), the guards only with `guard_options` (check reads a sample).
void add_input_options(CLI::App& command, InputOptions& options, bool rules_option = true, bool guard_options = true);

/// The run request the options ask for. Throws Error(BadCommandLine) for a malformed value.
RunRequest run_request(const InputOptions& options, const Environment& environment);

/// Days since 1970 for --today (a date), or the current local date when empty.
double today_from_option(const std::string& text);

/// Parses --max-record-size: bytes, or a number with K, M or G (KiB, MiB, GiB; "64M",
/// "1GiB"). Throws Error(BadCommandLine) for anything else, and for 0.
std::size_t parse_record_size(const std::string& text);

/// The whole number given to `option` (`given` is its text), else Error(BadCommandLine):
/// "--top '-1': expected <expected>".
std::uint64_t parse_whole_number(const std::string& option, const std::string& given, const std::string& expected);

}  // namespace kamscore
