// A thin layer over expat for the XML parts of a workbook: element names without their
// namespace prefix, attributes as name/value pairs, text in pieces, and a parse that can be
// suspended after any element so that a sheet is read one row at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kamscore {

/// Receives what XmlParser reads. Names are local names (`x:row` and `row` are both "row").
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    /// `attributes` is expat's array: name, value, name, value, ..., nullptr (names local too).
    virtual void start_element(std::string_view name, const char** attributes) = 0;
    virtual void end_element(std::string_view name) = 0;
    /// Character data; one text node may come in several pieces.
    virtual void text(std::string_view piece) = 0;
};

/// The value of attribute `name` (local name) in expat's array, or nullptr.
const char* xml_attribute(const char** attributes, std::string_view name);

/// Parses one XML document fed in chunks. A document with a DTD that declares entities is
/// refused (the "billion laughs" expansion), whatever expat's own limits are.
class XmlParser {
public:
    /// `part` names the document in errors ("xl/worksheets/sheet1.xml").
    XmlParser(XmlHandler& handler, std::string part);
    ~XmlParser();
    XmlParser(const XmlParser&) = delete;
    XmlParser& operator=(const XmlParser&) = delete;

    /// Parses `size` bytes at `data` (`is_final`: the last chunk). Returns false when a handler
    /// called suspend(): then resume() goes on with the rest of the same chunk, which must stay
    /// alive until a call returns true. Throws XmlError for malformed XML.
    bool feed(const char* data, std::size_t size, bool is_final);
    bool resume();
    /// From inside a handler: stop after the current element; feed() or resume() return false.
    void suspend();

private:
    bool check(int status);
    struct Impl;
    Impl* impl_;
};

/// Malformed XML: the part, the line and expat's reason ("mismatched tag").
struct XmlError {
    std::string part;
    unsigned long line = 0;
    std::string reason;
};

}  // namespace kamscore
