// The environment variables kamscore reads: read once in main() and passed to the
// subcommand, so that no other code calls getenv().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/run/run.hpp"

namespace kamscore {

struct Environment {
    std::optional<std::size_t> row_batch_rows;   ///< KAMSCORE_ROW_BATCH: rows per row-stage batch (0: none)
    TwoPass two_pass = TwoPass::Auto;            ///< KAMSCORE_TWO_PASS: 0 never, 1 whenever possible, auto
    unsigned threads = 2;                        ///< KAMSCORE_THREADS: 1 keeps a run on one thread
    std::string temp_directory = "/tmp";         ///< TMPDIR: where two passes keep rows between them
    std::optional<int> columns;                  ///< COLUMNS: terminal width when stdout is not a terminal
    bool no_color = false;                       ///< NO_COLOR set and not empty
    std::optional<std::int64_t> source_date_epoch;   ///< SOURCE_DATE_EPOCH: seconds since 1970 (UTC)
                                                     ///< that xlsx gives as its creation time
    std::vector<std::string> command_line;       ///< the arguments as given (main() fills them in),
                                                 ///< for the provenance record
};

/// Reads the environment. An invalid value of a variable that is set and not empty throws
/// Error(BadCommandLine) naming it and what it expects; it is never silently ignored.
Environment read_environment();

}  // namespace kamscore
