#include "kamscore/io/write_error.hpp"

#include <cerrno>

#include <doctest/doctest.h>

using namespace kamscore;

TEST_CASE("write_failure_message names the file, or standard output") {
    CHECK(write_failure_message("out.csv", ENOSPC) == "cannot write 'out.csv': No space left on device");
    CHECK(write_failure_message("", EPIPE) == "cannot write to standard output: Broken pipe");
    CHECK(write_failure_message("-", ENOSPC) == "cannot write to standard output: No space left on device");
}

TEST_CASE("WriteError keeps its errno; a write failure without one is an I/O error") {
    const WriteError full(ENOSPC);
    CHECK(full.error_number() == ENOSPC);
    CHECK(full.code() == ExitCode::IoFailure);
    CHECK(full.message() == "cannot write output: No space left on device");
    CHECK(WriteError(0).error_number() == EIO);
}
