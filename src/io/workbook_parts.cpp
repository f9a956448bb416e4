#include "io/workbook_parts.hpp"

#include <charconv>
#include <map>

#include "io/xml_parser.hpp"
#include "io/zip_archive.hpp"

namespace kamscore {
namespace {

unsigned to_unsigned(const char* text, unsigned fallback) {
    if (!text) return fallback;
    unsigned value = 0;
    const std::string_view view(text);
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    return error == std::errc() && end == view.data() + view.size() ? value : fallback;
}

bool is_true(const char* text) { return text && (std::string_view(text) == "1" || std::string_view(text) == "true"); }

void parse_whole(XmlHandler& handler, std::string_view xml, const std::string& part) {
    XmlParser parser(handler, part);
    parser.feed(xml.data(), xml.size(), true);
}

class WorkbookHandler : public XmlHandler {
public:
    WorkbookInfo info;
    void start_element(std::string_view name, const char** attributes) override {
        if (name == "workbookPr") {
            info.date1904 = is_true(xml_attribute(attributes, "date1904"));
        } else if (name == "sheet") {
            SheetEntry sheet;
            if (const char* value = xml_attribute(attributes, "name")) sheet.name = value;
            if (const char* value = xml_attribute(attributes, "id")) sheet.relationship_id = value;
            if (const char* state = xml_attribute(attributes, "state"))
                sheet.is_hidden = std::string_view(state) != "visible";
            info.sheets.push_back(std::move(sheet));
        }
    }
    void end_element(std::string_view) override {}
    void text(std::string_view) override {}
};

class RelationshipsHandler : public XmlHandler {
public:
    std::map<std::string, std::string, std::less<>> targets;
    void start_element(std::string_view name, const char** attributes) override {
        if (name != "Relationship") return;
        const char* id = xml_attribute(attributes, "Id");
        const char* target = xml_attribute(attributes, "Target");
        if (id && target) targets[id] = target;
    }
    void end_element(std::string_view) override {}
    void text(std::string_view) override {}
};

/// "worksheets/sheet1.xml" is relative to xl/; "/xl/worksheets/sheet1.xml" to the archive.
std::string resolve_target(std::string_view target) {
    if (target.starts_with('/')) return std::string(target.substr(1));
    std::string base = "xl";
    while (target.starts_with("../")) {
        target.remove_prefix(3);
        base.clear();
    }
    return base.empty() ? std::string(target) : base + "/" + std::string(target);
}

class StylesHandler : public XmlHandler {
public:
    std::map<unsigned, std::string> custom_formats;
    std::vector<unsigned> xf_formats;
    void start_element(std::string_view name, const char** attributes) override {
        if (name == "numFmt") {
            const char* code = xml_attribute(attributes, "formatCode");
            custom_formats[to_unsigned(xml_attribute(attributes, "numFmtId"), 0)] = code ? code : "";
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_) {
            xf_formats.push_back(to_unsigned(xml_attribute(attributes, "numFmtId"), 0));
        }
    }
    void end_element(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs_ = false;
    }
    void text(std::string_view) override {}

private:
    bool in_cell_xfs_ = false;
};

class SharedStringsHandler : public XmlHandler {
public:
    std::vector<std::string> strings;
    void start_element(std::string_view name, const char**) override {
        if (name == "si") {
            current_.clear();
            in_item_ = true;
        } else if (name == "rPh") {
            ++in_phonetic_;
        } else if (name == "t" && in_item_ && in_phonetic_ == 0) {
            in_text_ = true;
        }
    }
    void end_element(std::string_view name) override {
        if (name == "si") {
            decode_ooxml_escapes(current_);
            strings.push_back(std::move(current_));
            current_.clear();
            in_item_ = false;
        } else if (name == "rPh") {
            if (in_phonetic_ > 0) --in_phonetic_;
        } else if (name == "t") {
            in_text_ = false;
        }
    }
    void text(std::string_view piece) override {
        if (in_text_) current_.append(piece);
    }

private:
    std::string current_;
    bool in_item_ = false, in_text_ = false;
    int in_phonetic_ = 0;
};

}  // namespace

WorkbookInfo parse_workbook(std::string_view workbook_xml, std::string_view relationships_xml) {
    WorkbookHandler workbook;
    parse_whole(workbook, workbook_xml, "xl/workbook.xml");
    RelationshipsHandler relationships;
    if (!relationships_xml.empty()) parse_whole(relationships, relationships_xml, "xl/_rels/workbook.xml.rels");
    for (SheetEntry& sheet : workbook.info.sheets)
        if (auto found = relationships.targets.find(sheet.relationship_id); found != relationships.targets.end())
            sheet.part = resolve_target(found->second);
    return std::move(workbook.info);
}

std::vector<NumberStyle> parse_cell_styles(std::string_view styles_xml) {
    StylesHandler styles;
    parse_whole(styles, styles_xml, "xl/styles.xml");
    std::vector<NumberStyle> kinds;
    kinds.reserve(styles.xf_formats.size());
    for (unsigned id : styles.xf_formats) {
        const auto custom = styles.custom_formats.find(id);
        kinds.push_back(classify_number_format(id, custom == styles.custom_formats.end() ? "" : custom->second));
    }
    return kinds;
}

std::vector<std::string> read_shared_strings(ZipEntry& entry, const std::string& part) {
    SharedStringsHandler handler;
    XmlParser parser(handler, part);
    char buffer[1 << 16];
    while (true) {
        const std::size_t got = entry.read(buffer, sizeof buffer);
        parser.feed(buffer, got, got == 0);
        if (got == 0) break;
    }
    return std::move(handler.strings);
}

}  // namespace kamscore
