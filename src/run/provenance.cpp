#include "kamscore/run/provenance.hpp"

#include <fmt/format.h>

#include "kamscore/io/file_stat.hpp"
#include "kamscore/io/sha256.hpp"
#include "kamscore/output/cell_format.hpp"
#include "kamscore/output/json_writer.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {
namespace {

std::string value_text(const Value& value) {
    if (value.missing) return "";
    switch (value.type) {
    case Type::Number: {
        char text[max_cell_chars];
        return std::string(text, format_number(text, value.number, -1));
    }
    case Type::Bool: return value.boolean ? "true" : "false";
    case Type::Date: return format_date(value.number);
    case Type::Text: return value.text;
    }
    return "";
}

ProvenanceFile side_file(const std::string& role, const InputSource& source) {
    ProvenanceFile file;
    file.role = role;
    if (source.bytes) {   // text in memory (tests): hashed as it is
        file.name = source.name;
        file.bytes = source.bytes->size();
        file.sha256 = sha256_hex(*source.bytes);
        return file;
    }
    file.name = source.path == "-" ? "standard input" : source.path;
    if (const auto stat = stat_file(source.path)) {
        file.modified = stat->modified;
        const FileDigest digest = sha256_of_file(source.path);
        file.bytes = digest.bytes;
        file.sha256 = digest.sha256;
    }
    return file;
}

void append_key(std::string& out, std::string_view key) {
    append_json_string(out, key);
    out += ':';
}

void append_optional(std::string& out, const auto& value) {
    if (value) out += fmt::format("{}", *value);
    else out += "null";
}

}  // namespace

Provenance describe_provenance(const RunRequest& request, const ScoredRun& run, const ProvenanceContext& context) {
    Provenance record;
    record.kamscore_version = context.kamscore_version;
    record.command_line = context.command_line;
    record.today = format_date(request.today);
    const RuleSet& rules = *run.rules;
    record.rules_path = rules.path;
    record.rules_name = rules.name;
    record.rules_text = rules.text;
    record.rules_sha256 = sha256_hex(rules.text);
    for (const ParamSpec& param : rules.params) {
        const auto given = request.params.find(param.name);
        const bool is_set = given != request.params.end();
        record.params.push_back({param.name, is_set ? given->second : value_text(param.value), is_set});
    }
    for (std::size_t i = 0; i < request.inputs.size() && i < run.counts.files.size(); ++i) {
        const InputSource& source = request.inputs[i];
        const FileCounts& counts = run.counts.files[i];
        ProvenanceFile file;
        file.role = "input";
        file.name = source.path == "-" ? "standard input" : source.name;
        if (const auto stat = source.bytes ? std::nullopt : stat_file(source.path)) {
            file.bytes = stat->bytes;
            file.modified = stat->modified;
        }
        if (counts.digest) {
            file.bytes = counts.digest->bytes;   // what was read, also from standard input
            file.sha256 = counts.digest->sha256;
        }
        record.files.push_back(std::move(file));
    }
    if (request.previous) record.files.push_back(side_file("previous", *request.previous));
    if (request.overrides) record.files.push_back(side_file("overrides", *request.overrides));
    record.rows_in = run.counts.records;
    record.rows_scored = run.frame.rows;
    record.rows_rejected = run.counts.rejected;
    record.footer_lines = run.counts.footer_lines;
    record.blank_lines = run.counts.blank_lines;
    return record;
}

std::string render_provenance_json(const Provenance& record) {
    std::string out = "{";
    append_key(out, "kamscore_version");
    append_json_string(out, record.kamscore_version);
    out += ',';
    append_key(out, "command_line");
    out += '[';
    for (std::size_t i = 0; i < record.command_line.size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, record.command_line[i]);
    }
    out += "],";
    append_key(out, "today");
    append_json_string(out, record.today);
    out += ',';
    append_key(out, "rules");
    out += '{';
    append_key(out, "path");
    append_json_string(out, record.rules_path);
    out += ',';
    append_key(out, "name");
    append_json_string(out, record.rules_name);
    out += ',';
    append_key(out, "sha256");
    append_json_string(out, record.rules_sha256);
    out += ',';
    append_key(out, "text");
    append_json_string(out, record.rules_text);
    out += "},";
    append_key(out, "params");
    out += '{';
    for (std::size_t i = 0; i < record.params.size(); ++i) {
        if (i > 0) out += ',';
        append_key(out, record.params[i].name);
        out += '{';
        append_key(out, "value");
        append_json_string(out, record.params[i].value);
        out += fmt::format(",\"set\":{}}}", record.params[i].is_set);
    }
    out += "},";
    append_key(out, "files");
    out += '[';
    for (std::size_t i = 0; i < record.files.size(); ++i) {
        const ProvenanceFile& file = record.files[i];
        if (i > 0) out += ',';
        out += '{';
        append_key(out, "role");
        append_json_string(out, file.role);
        out += ',';
        append_key(out, "name");
        append_json_string(out, file.name);
        out += ",\"bytes\":";
        append_optional(out, file.bytes);
        out += ",\"modified\":";
        if (file.modified) append_json_string(out, format_utc_time(*file.modified));
        else out += "null";
        out += ",\"sha256\":";
        if (file.sha256.empty()) out += "null";
        else append_json_string(out, file.sha256);
        out += '}';
    }
    out += "],";
    out += fmt::format("\"rows\":{{\"in\":{},\"scored\":{},\"rejected\":{},\"footer_lines\":{},\"blank_lines\":{}}}",
                       record.rows_in, record.rows_scored, record.rows_rejected, record.footer_lines,
                       record.blank_lines);
    out += "}\n";
    return out;
}

std::string shell_command_line(const std::vector<std::string>& arguments) {
    std::string line;
    for (const std::string& argument : arguments) {
        if (!line.empty()) line += ' ';
        const bool is_plain = !argument.empty() && argument.find_first_not_of(
                                                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789_-./=,:+@%") == std::string::npos;
        if (is_plain) {
            line += argument;
            continue;
        }
        line += '\'';
        for (const char c : argument) {
            if (c == '\'') line += "'\\''";
            else line += c;
        }
        line += '\'';
    }
    return line;
}

}  // namespace kamscore
