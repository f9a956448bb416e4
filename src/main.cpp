// kamscore: wires the command line to the library. Every subcommand lives in src/cli/.
#include <cstdio>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/environment.hpp"
#include "kamscore/error.hpp"

#ifndef KAMSCORE_VERSION
#define KAMSCORE_VERSION "0.0.0"
#endif

using namespace kamscore;

int main(int argc, char** argv) {
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

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);   // --help, --version
    } catch (const CLI::ParseError& e) {
        std::string subcommand = app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name() + " ";
        std::fputs(format_error(Error(ExitCode::BadCommandLine, e.what())).c_str(), stderr);
        std::fprintf(stderr, "kamscore: run 'kamscore %s--help' for the options\n", subcommand.c_str());
        return static_cast<int>(ExitCode::BadCommandLine);
    }

    try {
        return static_cast<int>(action(read_environment()));
    } catch (const Error& e) {
        std::fputs(format_error(e).c_str(), stderr);
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        std::fputs(format_error(Error(ExitCode::IoFailure, "out of memory")).c_str(), stderr);
        return static_cast<int>(ExitCode::IoFailure);
    } catch (const std::exception& e) {
        std::fputs(format_error(Error(ExitCode::IoFailure, e.what())).c_str(), stderr);
        return static_cast<int>(ExitCode::IoFailure);
    }
}
