#pragma once

namespace kamscore {

/// The exit-code table of README "Bad input and exit codes" and the man page's EXIT STATUS,
/// in one place: cron jobs and scripts branch on these numbers, so they never change meaning.
enum class ExitCode : int {
    Ok = 0,              ///< success; warnings may be on stderr
    BadData = 1,         ///< rows that cannot be read or converted, duplicate ids, a missing column
    BadCommandLine = 2,  ///< unknown option, missing argument, bad --set
    BadRules = 3,        ///< the rule file has errors
    IoFailure = 4,       ///< cannot read input or write output
    TestFailures = 5,    ///< `test` or `check` found failures
};

}  // namespace kamscore
