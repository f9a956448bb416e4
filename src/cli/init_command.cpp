// kamscore init: propose a starter rule file from a CSV export's (or workbook's) header and first rows.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "kamscore/error.hpp"
#include "kamscore/init/propose_rules.hpp"
#include "kamscore/init/propose_sources.hpp"
#include "kamscore/init/sample.hpp"

namespace kamscore {
namespace {

constexpr std::size_t sample_rows = 1000;

struct InitOptions {
    std::vector<std::string> files;   ///< the customer list, then further exports (sources)
    std::string output_path;
};

/// How the rule file names `file`: relative to the directory it is written to.
std::string path_from_rules(const std::string& file, const std::string& output_path) {
    namespace fs = std::filesystem;
    if (fs::path(file).is_absolute()) return file;
    const fs::path rules_directory = output_path.empty() || output_path == "-" ? fs::path(".") : fs::path(output_path).parent_path();
    std::error_code error;
    const fs::path relative = fs::absolute(file, error).lexically_relative(fs::absolute(rules_directory.empty() ? "." : rules_directory, error).lexically_normal());
    return error || relative.empty() ? file : relative.string();
}

ExitCode run_init(const InitOptions& options) {
    const std::string& file = options.files.front();
    const std::string name = file == "-" ? "<stdin>" : file;
    const CsvSample sample = read_sample(file, sample_rows);
    std::string rules = propose_rules(sample);
    std::vector<CsvSample> sources;
    std::vector<std::string> paths;
    for (std::size_t f = 1; f < options.files.size(); ++f) {
        if (options.files[f] == "-")
            throw Error(ExitCode::BadCommandLine, "init: only the first file (the customer list) may be '-'");
        sources.push_back(read_sample(options.files[f], sample_rows));
        paths.push_back(path_from_rules(options.files[f], options.output_path));
    }
    rules += propose_sources(sample, sources, paths);
    write_output_text(options.output_path, rules);
    std::fprintf(stderr, "kamscore: proposed rules from %zu row%s of %s (%s)%s; check them with: kamscore check %s --against %s\n",
                 sample.rows.size(), sample.rows.size() == 1 ? "" : "s", name.c_str(),
                 sample.sheet.empty() ? sample.encoding.c_str() : fmt::format("sheet \"{}\"", sample.sheet).c_str(),
                 sample.bad_rows ? fmt::format(", {} unreadable rows left out", sample.bad_rows).c_str() : "",
                 options.output_path.empty() ? "RULES" : options.output_path.c_str(), name.c_str());
    return ExitCode::Ok;
}

}  // namespace

void register_init_command(CLI::App& app, CommandAction& action) {
    auto options = std::make_shared<InitOptions>();
    CLI::App* init = app.add_subcommand("init", "Propose a starter rule file from a CSV export or an .xlsx workbook");
    init->footer("Reads the header and the first 1000 rows, guesses types (numbers, German 1.234,56,\n"
                 "yes/no words, dates such as 31.12.2024) and what columns mean (Revenue, Umsatz,\n"
                 "Kundennummer, Wallet, Deckungsbeitrag, Referenzkunde, ...), and prints a commented\n"
                 "rule file that 'kamscore check RULES --against FILE' accepts. A number column may\n"
                 "hold a few cells that are no number (under 5 %): they are listed in the rules.\n"
                 "Its first line points editors to the schema: kamscore schema > kamscore.schema.json\n"
                 "Examples:\n"
                 "  kamscore init export.csv > rules.yaml\n"
                 "  kamscore init export.csv -o rules.yaml && kamscore check rules.yaml --against export.csv\n"
                 "  kamscore init 'report.xlsx#Accounts' > rules.yaml    (a workbook's sheet; default: the first)\n"
                 "  kamscore init crm.csv erp.csv nps.csv -o rules.yaml   (crm.csv the customer list; the others\n"
                 "    get a 'sources:' section: key column and normalisation guessed from the sampled keys)\n"
                 "Exit codes: 0 ok, 1 not a CSV export or readable workbook, 2 bad command line, 4 I/O failure.");
    init->add_option("files", options->files,
                     "The CSV export or .xlsx workbook (\"-\": standard input), then further exports to join "
                     "onto it by key (a 'sources:' section is proposed for them)")
        ->required();
    init->add_option("-o,--output", options->output_path, "Write the rules here instead of standard output");
    init->callback([options, &action] { action = [options](const Environment&) { return run_init(*options); }; });
}

}  // namespace kamscore
