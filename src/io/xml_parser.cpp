#include "io/xml_parser.hpp"

#include <cstring>

#include <expat.h>

namespace kamscore {
namespace {

// Names are matched without their prefix ("x:row" is "row"): expat's own namespace processing
// (names as "URI|local") cost a third of the parse of a large sheet, and no workbook part
// uses one local name in two namespaces that kamscore reads.
std::string_view local_name(const char* name) {
    const char* local = name;
    for (const char* c = name; *c; ++c)
        if (*c == ':') local = c + 1;
    return local;
}

}  // namespace

struct XmlParser::Impl {
    XML_Parser parser = nullptr;
    XmlHandler* handler = nullptr;
    std::string part;
    bool refused_entities = false;
};

const char* xml_attribute(const char** attributes, std::string_view name) {
    for (const char** a = attributes; a && a[0]; a += 2)
        if (local_name(a[0]) == name) return a[1];
    return nullptr;
}

XmlParser::XmlParser(XmlHandler& handler, std::string part) : impl_(new Impl) {
    impl_->handler = &handler;
    impl_->part = std::move(part);
    impl_->parser = XML_ParserCreate(nullptr);
    if (!impl_->parser) {
        delete impl_;
        throw std::bad_alloc();
    }
    XML_SetUserData(impl_->parser, impl_);
    XML_SetElementHandler(
        impl_->parser,
        [](void* data, const XML_Char* name, const XML_Char** attributes) {
            static_cast<Impl*>(data)->handler->start_element(local_name(name), attributes);
        },
        [](void* data, const XML_Char* name) { static_cast<Impl*>(data)->handler->end_element(local_name(name)); });
    XML_SetCharacterDataHandler(impl_->parser, [](void* data, const XML_Char* text, int length) {
        static_cast<Impl*>(data)->handler->text(std::string_view(text, static_cast<std::size_t>(length)));
    });
    // No part of a workbook declares entities; a document that does is refused outright.
    XML_SetEntityDeclHandler(impl_->parser, [](void* data, const XML_Char*, int, const XML_Char*, int,
                                               const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
        auto* impl = static_cast<Impl*>(data);
        impl->refused_entities = true;
        XML_StopParser(impl->parser, XML_FALSE);
    });
}

XmlParser::~XmlParser() {
    XML_ParserFree(impl_->parser);
    delete impl_;
}

bool XmlParser::check(int status) {
    if (status == XML_STATUS_SUSPENDED) return false;
    if (status == XML_STATUS_OK) return true;
    const unsigned long line = XML_GetCurrentLineNumber(impl_->parser);
    if (impl_->refused_entities) throw XmlError{impl_->part, line, "it declares XML entities, which no workbook does"};
    throw XmlError{impl_->part, line, XML_ErrorString(XML_GetErrorCode(impl_->parser))};
}

bool XmlParser::feed(const char* data, std::size_t size, bool is_final) {
    // Expat takes an int length; callers feed chunks far below that.
    return check(XML_Parse(impl_->parser, data, static_cast<int>(size), is_final ? XML_TRUE : XML_FALSE));
}

bool XmlParser::resume() { return check(XML_ResumeParser(impl_->parser)); }

void XmlParser::suspend() { XML_StopParser(impl_->parser, XML_TRUE); }

}  // namespace kamscore
