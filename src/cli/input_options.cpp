#include "cli/input_options.hpp"

#include <charconv>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

ParamOverrides parse_params(const std::vector<std::string>& items) {
    ParamOverrides params;
    for (const auto& item : items) {
        auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0)
            throw Error(ExitCode::BadCommandLine, "--set '" + item + "': expected NAME=VALUE, e.g. --set min_score=65");
        params[item.substr(0, equals)] = item.substr(equals + 1);
    }
    return params;
}

std::optional<char> delimiter_option(const std::string& given) {
    if (given.empty()) return std::nullopt;
    if (given == "auto") return char{0};
    if (given == "tab" || given == "\\t" || given == "\t") return '\t';
    if (given == "," || given == ";" || given == "|") return given[0];
    throw Error(ExitCode::BadCommandLine, "--delimiter '" + given + "': expected , ; tab | or auto");
}

std::optional<char> decimal_option(const std::string& given) {
    if (given.empty()) return std::nullopt;
    if (given == "." || given == ",") return given[0];
    throw Error(ExitCode::BadCommandLine, "--decimal '" + given + "': expected . or ,");
}

std::optional<TextEncoding> encoding_option(const std::string& given) {
    if (given.empty()) return std::nullopt;
    if (auto encoding = text_encoding_from_name(given)) return *encoding;
    throw Error(ExitCode::BadCommandLine,
                fmt::format("--encoding '{}': expected utf-8, windows-1252 or latin-1 (UTF-16 with a byte-order mark "
                            "is recognised by itself)",
                            given));
}

/// --max-disappeared and --max-new: a percentage, "10" or "10%"; at most 100 when `at_most_100`.
std::optional<double> percent_option(const std::string& given, const char* option, bool at_most_100) {
    if (given.empty()) return std::nullopt;
    std::string_view text = given;
    if (text.ends_with('%')) text.remove_suffix(1);
    double value = 0;
    const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || rest != text.data() + text.size() || text.empty() || !(value >= 0) ||
        (at_most_100 && value > 100) || std::isinf(value))
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("{} '{}': expected a percentage of the previous results, {}, e.g. 10", option, given,
                                at_most_100 ? "0 to 100" : "0 or more"));
    return value;
}

std::optional<std::uint64_t> min_rows_option(const std::string& given) {
    if (given.empty()) return std::nullopt;
    return parse_whole_number("--min-rows", given, "a whole number of customers, e.g. 1000");
}

}  // namespace

void add_input_options(CLI::App& command, InputOptions& options, bool rules_option, bool guard_options) {
    if (rules_option) command.add_option("-r,--rules", options.rules_path, "YAML rule file")->required();
    // One value per option, repeatable: as a list option it would also take the file after it
    // (`--set min_score=60 export.csv`).
    command.add_option("--set", options.set, "Override a param of the rule file: NAME=VALUE (repeatable)")
        ->allow_extra_args(false);
    command.add_option("--delimiter", options.delimiter, "Input delimiter: , ; tab | or auto (overrides the rule file)");
    command.add_option("--decimal", options.decimal, "Decimal mark of input numbers: . or , (overrides the rule file)");
    command.add_option("--encoding", options.encoding,
                       "Input encoding: utf-8, windows-1252 or latin-1 (overrides the rule file; also for "
                       "--previous and --overrides files that are not valid UTF-8)");
    command.add_option("--sheet", options.sheet,
                       "The sheet of .xlsx/.xlsm inputs to read (default: the first; overrides the rule file's "
                       "'sheet:'; FILE.xlsx#SHEET names one per file)")
        ->type_name("NAME");
    command.add_option("--max-record-size", options.max_record_size,
                       "Largest record accepted, e.g. 64M (default) or 1G; a larger one is an error");
    command.add_option("--today", options.today,
                       "The date days_since() counts to and overrides expire by (default: today's date in the "
                       "local time zone, TZ; give it in cron jobs)");
    command.add_flag("--skip-bad-rows", options.skip_bad_rows, "Report bad rows on stderr and score the rest");
    command.add_option("--rejects", options.rejects_path,
                       "Write the original lines of bad rows to this file, with the header; also when bad rows "
                       "stop the run (without --skip-bad-rows)");
    command.add_option("--previous", options.previous_path,
                       "Earlier results (csv/tsv/json/jsonl/xlsx): tiers with 'stay:' keep their customers; adds "
                       "previous_tier and change");
    command.add_option("--overrides", options.overrides_path,
                       "CSV or YAML file of forced tiers (id, tier, reason, owner, expires): the sales board's word");
    command.add_option("--source", options.sources,
                       "NAME=FILE: read secondary source NAME (under 'sources:') from FILE or glob, relative to the "
                       "current directory, instead of its 'file:' (repeatable)")
        ->type_name("NAME=FILE")
        ->allow_extra_args(false);
    command.add_option("--unmatched", options.unmatched_path,
                       "Write the rows of secondary sources whose key matched no customer, per source in FILE with "
                       "the source's name before the extension (unmatched.erp.csv), each with its header");
    if (guard_options) {
        command.add_flag("--allow-empty", options.allow_empty,
                         "Zero customers scored is no error (by default it is: exit 1, nothing written)");
        command.add_option("--min-rows", options.min_rows, "Fewer customers scored than N is an error (exit 1)")
            ->type_name("N");
        command.add_option("--max-disappeared", options.max_disappeared,
                           "With --previous: more than PCT % of its customers missing from this run is an error "
                           "(default 10; 100: no check)")
            ->type_name("PCT");
        command.add_option("--max-new", options.max_new,
                           "With --previous: more new customers than PCT % of its count is an error (default: no "
                           "limit)")
            ->type_name("PCT");
        command.add_flag("--require-final-newline", options.require_final_newline,
                         "An input whose last record has no line break (cut off?) is an error, not a warning");
    }
    command.add_flag("-q,--quiet", options.quiet, "Print no warnings or skipped-row lines");
    command.add_flag("-v,--verbose", options.verbose, "Print row counts and timings per stage on stderr");
}

std::uint64_t parse_whole_number(const std::string& option, const std::string& given, const std::string& expected) {
    std::uint64_t value = 0;
    const auto [rest, error] = std::from_chars(given.data(), given.data() + given.size(), value);
    if (error != std::errc() || rest != given.data() + given.size())
        throw Error(ExitCode::BadCommandLine, fmt::format("{} '{}': expected {}", option, given, expected));
    return value;
}

RunRequest run_request(const InputOptions& options, const Environment& environment) {
    RunRequest request;
    request.inputs.clear();
    for (const auto& file : options.files) request.inputs.push_back(InputSource::file(file));
    if (request.inputs.empty()) request.inputs.push_back(InputSource::file("-"));
    request.rules_path = options.rules_path;
    request.dialect.delimiter = delimiter_option(options.delimiter);
    request.dialect.decimal = decimal_option(options.decimal);
    request.dialect.encoding = encoding_option(options.encoding);
    if (!options.sheet.empty()) request.dialect.sheet = options.sheet;
    if (!options.max_record_size.empty()) request.dialect.max_record_bytes = parse_record_size(options.max_record_size);
    request.params = parse_params(options.set);
    request.today = today_from_option(options.today);
    request.skip_bad_rows = options.skip_bad_rows;
    request.rejects_path = options.rejects_path;
    if (!options.previous_path.empty()) request.previous = InputSource::file(options.previous_path);
    if (!options.overrides_path.empty()) request.overrides = InputSource::file(options.overrides_path);
    for (const std::string& source : options.sources) {
        const std::size_t equals = source.find('=');
        if (equals == 0 || equals == std::string::npos || equals + 1 == source.size())
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("--source '{}': expected NAME=FILE, e.g. --source erp=erp-2025.csv", source));
        request.source_files.emplace_back(source.substr(0, equals), source.substr(equals + 1));
    }
    request.unmatched_path = options.unmatched_path;
    request.row_batch_rows = environment.row_batch_rows;
    request.two_pass = environment.two_pass;
    request.temp_directory = environment.temp_directory;
    request.two_threads = environment.threads > 1;
    if (options.allow_empty) request.guards.allow_empty = true;
    request.guards.min_rows = min_rows_option(options.min_rows);
    request.guards.max_disappeared = percent_option(options.max_disappeared, "--max-disappeared", true);
    request.guards.max_new = percent_option(options.max_new, "--max-new", false);
    if (options.require_final_newline) request.guards.require_final_newline = true;
    return request;
}

double today_from_option(const std::string& text) {
    if (!text.empty()) {
        auto days = parse_date(text);
        if (!days) throw Error(ExitCode::BadCommandLine, "--today '" + text + "': expected a date like 2024-12-31");
        return *days;
    }
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return days_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                           static_cast<unsigned>(local.tm_mday));
}

std::size_t parse_record_size(const std::string& text) {
    std::uint64_t number = 0;
    const char* const end = text.data() + text.size();
    const auto [rest, error] = std::from_chars(text.data(), end, number);
    std::string unit(rest, end);
    for (char& c : unit)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    int shift = -1;
    if (unit.empty() || unit == "B") shift = 0;
    else if (unit == "K" || unit == "KB" || unit == "KIB") shift = 10;
    else if (unit == "M" || unit == "MB" || unit == "MIB") shift = 20;
    else if (unit == "G" || unit == "GB" || unit == "GIB") shift = 30;
    // Beyond 2^48 bytes nothing would be read anyway; it also keeps the shift from overflowing.
    if (error != std::errc() || rest == text.data() || shift < 0 || number == 0 ||
        number > (std::uint64_t{1} << (48 - shift)))
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("--max-record-size '{}': expected a size such as 64M, 1G or 1048576 (bytes; K, M "
                                "and G count in 1024s)",
                                text));
    return static_cast<std::size_t>(number << shift);
}

}  // namespace kamscore
