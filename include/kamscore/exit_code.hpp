#pragma once

namespace kamscore {

/// The exit-code table of the manual (DESIGN §7), in one place.
enum class ExitCode : int {
    Ok = 0,              ///< success; warnings may be on stderr
    BadData = 1,         ///< rows that cannot be read or converted, duplicate ids, a missing column
    BadCommandLine = 2,  ///< unknown option, missing argument, bad --set
    BadRules = 3,        ///< the rule file has errors
    IoFailure = 4,       ///< cannot read input or write output
    TestFailures = 5,    ///< `test` or `check` found failures
};

}  // namespace kamscore
