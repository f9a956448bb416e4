// kamscore: wires the command line to the library. Every subcommand lives in src/cli/.
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <new>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/environment.hpp"
#include "cli/output_target.hpp"
#include "cli/unknown_subcommand.hpp"
#include "kamscore/error.hpp"

#ifndef KAMSCORE_VERSION
#define KAMSCORE_VERSION "0.0.0"
#endif

using namespace kamscore;

namespace {

/// Prints an error the way every failure reads and returns its exit code.
int report(const Error& error) {
    std::fputs(format_error(error).c_str(), stderr);
    return static_cast<int>(error.code());
}

}  // namespace

int main(int argc, char** argv) {
    // A closed pipe (`kamscore score ... | head -2`) must end kamscore quietly with exit 0, not
    // kill it with SIGPIPE (141, which fails `set -o pipefail`): writes then fail with EPIPE,
    // which the output code turns into StandardOutputClosed. kamscore starts no programs that
    // could inherit the ignored signal.
    std::signal(SIGPIPE, SIG_IGN);
    // A column of a million rows is 8 MB. glibc raises its mmap threshold each time such a
    // block is freed, and later columns then come from the heap, which keeps what is freed:
    // a run that frees columns as it goes (a two-pass run's first pass) would not get smaller.
    // A fixed threshold keeps every block of 2 MiB or more its own mapping, returned to the
    // system when freed; smaller ones (buffers, the CSV writer's chunks of formatted rows) are
    // reused from the heap, which is trimmed only beyond 4 MiB (at 1 MiB, a fresh mapping for
    // every chunk cost the one-pass run a quarter of its time in page faults).
    mallopt(M_MMAP_THRESHOLD, 2 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    // One heap for both threads: the reading thread's batches would otherwise come from an
    // arena of its own, whose freed pages glibc keeps, so a run would end up larger by them.
    mallopt(M_ARENA_MAX, 1);
    CLI::App app{"kamscore: decide which customers deserve key account management.\n"
                 "Scores a CRM export (CSV) with a YAML rule file: key account, large customer or\n"
                 "standard customer, with the score that explains why. See 'man kamscore'.",
                 "kamscore"};
    app.set_version_flag("--version", std::string("kamscore ") + KAMSCORE_VERSION);
    app.require_subcommand(1, 1);
    app.fallthrough(false);

    CommandAction action;
    register_score_command(app, action);
    register_explain_command(app, action);
    register_summary_command(app, action);
    register_check_command(app, action);
    register_diff_command(app, action);
    register_test_command(app, action);
    register_init_command(app, action);
    register_schema_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        // --help, --version: collected and written as every output is, so that a full disk
        // fails (exit 4) with its reason and a closed pipe is quiet.
        std::ostringstream text;
        const int status = app.exit(e, text, std::cerr);
        try {
            write_output_text("-", text.str());
        } catch (const StandardOutputClosed&) {
        } catch (const Error& error) {
            return report(error);
        }
        return status;
    } catch (const CLI::ParseError& e) {
        std::string subcommand = app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name() + " ";
        const std::string message = unknown_subcommand_message(app, argc, argv).value_or(e.what());
        std::fputs(format_error(Error(ExitCode::BadCommandLine, message)).c_str(), stderr);
        std::fprintf(stderr, "kamscore: run 'kamscore %s--help' for the options\n", subcommand.c_str());
        return static_cast<int>(ExitCode::BadCommandLine);
    }

    try {
        Environment environment = read_environment();
        environment.command_line.assign(argv, argv + argc);
        // The program by its name, not the folder it was started from: a record (and a
        // workbook) made by the same command elsewhere is the same.
        if (!environment.command_line.empty()) environment.command_line.front() = "kamscore";
        const ExitCode code = action(environment);
        flush_standard_output();   // whatever a subcommand printed has reached its reader
        return static_cast<int>(code);
    } catch (const StandardOutputClosed&) {
        return static_cast<int>(ExitCode::Ok);
    } catch (const Error& e) {
        return report(e);
    } catch (const std::bad_alloc&) {
        std::fputs(format_error(Error(ExitCode::IoFailure, "out of memory")).c_str(), stderr);
        return static_cast<int>(ExitCode::IoFailure);
    } catch (const std::exception& e) {
        std::fputs(format_error(Error(ExitCode::IoFailure, e.what())).c_str(), stderr);
        return static_cast<int>(ExitCode::IoFailure);
    }
}
