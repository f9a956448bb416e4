#!/usr/bin/env python3
"""Print what an .xlsx file holds, one line per cell, for golden tests.

    dump_xlsx.py FILE.xlsx

For each sheet: its name, frozen pane, autofilter range and column widths, then each cell
as  A1 <type> <value> [<number format>]  where type is n (number), b (boolean), s (text,
shared or inline), f (formula; never expected from kamscore). Standard library only.
"""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%", 14: "m/d/yyyy"}


def text_of(element):
    return "".join(t.text or "" for t in element.iter("{%s}t" % NS["m"]))


def main(path):
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in root.findall("m:si", NS)]
        styles = ET.fromstring(z.read("xl/styles.xml"))
        custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
        xfs = styles.find("m:cellXfs", NS)
        style_formats = []
        style_bold = []
        fonts = styles.find("m:fonts", NS).findall("m:font", NS)
        for xf in xfs.findall("m:xf", NS):
            fmt_id = int(xf.get("numFmtId", "0"))
            style_formats.append(custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "id%d" % fmt_id)))
            font = fonts[int(xf.get("fontId", "0"))]
            style_bold.append(font.find("m:b", NS) is not None)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        for sheet in workbook.find("m:sheets", NS):
            target = "xl/" + targets[sheet.get(REL)].lstrip("/").removeprefix("xl/")
            root = ET.fromstring(z.read(target))
            print("sheet %s" % sheet.get("name"))
            pane = root.find(".//m:pane", NS)
            if pane is not None:
                print("  frozen at %s" % pane.get("topLeftCell"))
            autofilter = root.find("m:autoFilter", NS)
            if autofilter is not None:
                print("  autofilter %s" % autofilter.get("ref"))
            cols = root.find("m:cols", NS)
            if cols is not None:
                widths = ["%s:%s=%s" % (c.get("min"), c.get("max"), c.get("width")) for c in cols]
                print("  widths " + " ".join(widths))
            for c in root.iter("{%s}c" % NS["m"]):
                kind = c.get("t", "n")
                style = int(c.get("s", "0"))
                value = c.find("m:v", NS)
                if c.find("m:f", NS) is not None:
                    shown = ("f", c.find("m:f", NS).text)
                elif kind == "s":
                    shown = ("s", repr(shared[int(value.text)]))
                elif kind == "inlineStr":
                    shown = ("s", repr(text_of(c.find("m:is", NS))))
                elif kind == "str":
                    shown = ("s", repr(value.text or ""))
                elif value is None:
                    continue
                else:
                    shown = (kind, value.text)
                extra = ""
                if kind == "n" and style_formats[style] != "General":
                    extra = " [%s]" % style_formats[style]
                if style_bold[style]:
                    extra += " bold"
                print("  %s %s %s%s" % (c.get("r"), shown[0], shown[1], extra))


if __name__ == "__main__":
    main(sys.argv[1])
