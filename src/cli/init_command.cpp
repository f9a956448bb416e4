// kamscore init: propose a starter rule file from a CSV export's header and first rows.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_target.hpp"
#include "kamscore/error.hpp"
#include "kamscore/init/propose_rules.hpp"
#include "kamscore/init/sample.hpp"
#include "kamscore/io/byte_source.hpp"
#include "kamscore/io/record_reader.hpp"

namespace kamscore {
namespace {

constexpr std::size_t sample_rows = 1000;
constexpr std::size_t sample_bytes = std::size_t{8} << 20;   // 1000 rows of even wide exports

struct InitOptions {
    std::string file;
    std::string output_path;
};

/// A workbook's sample: its first sheet (or FILE.xlsx#SHEET), read by its reader.
CsvSample workbook_sample(const std::string& file, const std::string& name, const std::string* bytes) {
    const auto reader = open_record_reader({bytes ? "" : file, name, bytes, {}}, CsvDialect{});
    if (reader->format() != InputFormat::Workbook)
        throw Error(ExitCode::BadCommandLine, fmt::format("cannot open '{}': no such file", file));
    return read_record_sample(*reader, name, sample_rows);
}

ExitCode propose(const InitOptions& options, const std::string& name, const CsvSample& sample);

ExitCode run_init(const InitOptions& options) {
    const std::string name = options.file == "-" ? "<stdin>" : options.file;
    std::error_code error;
    // "book.xlsx#Sheet 2" names a sheet of book.xlsx.
    if (options.file != "-" && options.file.find('#') != std::string::npos &&
        !std::filesystem::exists(options.file, error))
        return propose(options, name, workbook_sample(options.file, name, nullptr));
    std::unique_ptr<ByteSource> source = open_byte_source(options.file);
    std::string bytes(sample_bytes, '\0');
    std::size_t used = 0;
    while (used < bytes.size()) {
        const std::size_t got = source->read(bytes.data() + used, bytes.size() - used);
        if (got == 0) break;
        used += got;
    }
    bytes.resize(used);
    char probe;
    const bool is_cut = used == sample_bytes && source->read(&probe, 1) == 1;

    if (bytes.starts_with("PK\x03\x04")) {
        if (options.file == "-") {   // the whole workbook: a zip is read by random access
            char chunk[1 << 16];
            while (std::size_t got = source->read(chunk, sizeof chunk)) bytes.append(chunk, got);
            return propose(options, name, workbook_sample(options.file, name, &bytes));
        }
        return propose(options, name, workbook_sample(options.file, name, nullptr));
    }
    return propose(options, name, read_csv_sample(bytes, is_cut, name, sample_rows));
}

ExitCode propose(const InitOptions& options, const std::string& name, const CsvSample& sample) {
    const std::string rules = propose_rules(sample);
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
                 "Exit codes: 0 ok, 1 not a CSV export or readable workbook, 2 bad command line, 4 I/O failure.");
    init->add_option("file", options->file, "The CSV export or .xlsx workbook (\"-\": standard input)")->required();
    init->add_option("-o,--output", options->output_path, "Write the rules here instead of standard output");
    init->callback([options, &action] { action = [options](const Environment&) { return run_init(*options); }; });
}

}  // namespace kamscore
