// Where a command's output goes, standard output or a file, and what a failed write says.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace kamscore {

/// Standard output is a pipe whose reader has gone (`kamscore score ... | head -2`). main()
/// ends quietly with exit 0: the reader asked for no more, which is no failure of kamscore
/// (and must not fail a `set -o pipefail` script or reach cron mail).
struct StandardOutputClosed {};

/// Calls `write` with standard output (`path` "" or "-") or with an AtomicFile for `path`,
/// which it commits after `write` returns. A failed write (WriteError) names its destination:
/// "cannot write 'out.csv': No space left on device", "cannot write to standard output: ...";
/// a broken pipe on standard output throws StandardOutputClosed instead.
void write_output(const std::string& path, const std::function<void(std::FILE*)>& write);

/// write_output() of text already made.
void write_output_text(const std::string& path, std::string_view text);

/// Flushes standard output and checks that nothing written to it so far has failed (printf,
/// CLI11's --help and --version); failures as in write_output().
void flush_standard_output();

}  // namespace kamscore
