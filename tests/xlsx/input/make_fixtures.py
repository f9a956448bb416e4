#!/usr/bin/python3
"""Writes the workbook fixtures of tests/xlsx/input/ that openpyxl and Python's zipfile make.

Run by make_fixtures.sh (which also has LibreOffice convert the CSV export); the .xlsx files are
committed, so the tests need neither. Deterministic: fixed timestamps, no random data.
"""
import csv
import datetime
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

here = Path(__file__).resolve().parent
repo = here.parents[2]
FIXED = (2024, 1, 1, 0, 0, 0)


def typed(column, text):
    """A CSV cell as the typed value a person keying the data into Excel would leave."""
    if text == "":
        return None
    if column == "last_order_date":
        return datetime.date.fromisoformat(text)
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


def set_fixed_times(workbook):
    workbook.properties.created = datetime.datetime(*FIXED)
    workbook.properties.modified = datetime.datetime(*FIXED)


def crm_export_openpyxl():
    """examples/crm-export.csv with typed cells: numbers, dates, booleans, shared strings."""
    workbook = openpyxl.Workbook()
    set_fixed_times(workbook)
    sheet = workbook.active
    sheet.title = "Export"
    with open(repo / "examples/crm-export.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([typed(column, cell) for column, cell in zip(header, row)])
    for cell in sheet["R"][1:]:
        cell.number_format = "dd.mm.yyyy"   # a custom date format, shown the German way
    # Three empty rows that once held values: formatted, no data.
    for extra in range(len(rows) + 1, len(rows) + 4):
        sheet.cell(row=extra, column=1).number_format = "0.00"
    workbook.save(here / "crm-export-openpyxl.xlsx")


def dates_1904():
    """The 1904 date system (old Mac Excel): a date, a date with a time, a time, a number."""
    workbook = openpyxl.Workbook()
    set_fixed_times(workbook)
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Dates"
    sheet.append(["id", "when", "at", "clock", "amount"])
    sheet.append(["A1", datetime.date(2024, 12, 31), datetime.datetime(2024, 2, 29, 13, 30, 15),
                  datetime.time(6, 45), 1234.5])
    sheet.append(["A2", datetime.date(1904, 1, 2), datetime.datetime(2000, 1, 1), datetime.time(0, 0, 1), -0.25])
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet["B3"].number_format = "d/m/yy"
    sheet["C2"].number_format = "yyyy-mm-dd hh:mm:ss"
    sheet["C3"].number_format = "yyyy-mm-dd hh:mm:ss"
    sheet["D2"].number_format = "h:mm"
    sheet["D3"].number_format = "hh:mm:ss"
    sheet["E2"].number_format = "#,##0.00"
    workbook.save(here / "dates-1904.xlsx")


def merged_header():
    """A title row, a header with a name merged over three columns, more sheets."""
    workbook = openpyxl.Workbook()
    set_fixed_times(workbook)
    sheet = workbook.active
    sheet.title = "Accounts"
    sheet["A1"] = "Key accounts 2025 (confidential)"
    sheet.append([])
    sheet.append(["id", "name", "revenue", None, None, "nps"])
    sheet.merge_cells("C3:E3")
    sheet.append(["K1", "Alpha GmbH", 100, 110, 120, 9])
    sheet.append(["K2", "Beta AG", 200.5, None, 220, None])
    other = workbook.create_sheet("Notes")
    other.append(["note"])
    other.append(["nothing to score here"])
    # The merged name is the header's last: nothing after it shows the gap.
    trailing = workbook.create_sheet("Trailing")
    trailing.append(["id", "revenue"])
    trailing.merge_cells("B1:D1")
    trailing.append(["T1", 1, 2, 3])
    workbook.save(here / "merged-header.xlsx")


# Hand-written parts: what openpyxl never writes (inline strings, rich text, rows and cells
# without r=, booleans, errors, formula results, a namespace prefix, escaped characters).
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets>
<x:sheet name="hiddenSheet" sheetId="2" state="hidden" r:id="rId2"/>
<x:sheet name="Kunden" sheetId="1" r:id="rId1"/>
<x:sheet name="Unordered" sheetId="3" r:id="rId5"/>
</x:sheets>
</x:workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/>
</Relationships>"""
SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><t>id</t></si>
<si><t>name</t></si>
<si><r><rPr><b/></rPr><t>M\u00fcller </t></r><r><t xml:space="preserve">&amp; S\u00f6hne</t></r><rPh sb="0" eb="1"><t>\u30df</t></rPh></si>
<si><t>line one_x000D_
line two</t></si>
<si><t>amount</t></si>
</sst>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-407]dd/mm/yyyy;@"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>
</styleSheet>"""
SHEET1 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>active</t></is></c><c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>since</t></is></c><c r="F1" t="inlineStr"><is><t>check</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>K-001</t></is></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" s="2"><v>1234.5</v></c><c r="E2" s="1"><v>45657</v></c><c r="F2" t="str"><f>A2&amp;"!"</f><v>K-001!</v></c></row>
<row><c t="inlineStr"><is><r><t>K-</t></r><r><t>002</t></r></is></c><c t="s"><v>3</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c><c s="1"><v>60</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
<row r="5"><c r="A5"><v>42</v></c><c r="D5"><v>0.1</v></c><c r="E5" s="1"><v>61.75</v></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>K-006</t></is></c><c r="H6"><v>7</v></c></row>
<row r="7" spans="1:6"/>
<row r="8"><c r="B8" s="2"/></row>
</sheetData>
</worksheet>"""
SHEET2 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>"""

# Cells written out of column order (no writer should, a broken one may).
SHEET3 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>
<row r="2"><c r="B2"><v>2</v></c><c r="A2"><v>1</v></c></row>
</sheetData></worksheet>"""


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def handmade():
    write_zip(here / "handmade.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/sharedStrings.xml", SHARED_STRINGS),
        ("xl/styles.xml", STYLES), ("xl/worksheets/sheet1.xml", SHEET1), ("xl/worksheets/sheet2.xml", SHEET2),
        ("xl/worksheets/sheet3.xml", SHEET3)])


def broken():
    """A workbook cut off in transfer, a zip that is no workbook, an ODS, an .xls, an encrypted one."""
    whole = (here / "merged-header.xlsx").read_bytes()
    (here / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    write_zip(here / "not-a-workbook.xlsx", [("readme.txt", "just a zip\n")])
    write_zip(here / "spreadsheet.ods", [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                          ("content.xml", "<office:document-content/>")])
    # The first sector of an OLE compound file: its magic, then (for the encrypted one) the
    # UTF-16 name of the stream Excel keeps the encrypted workbook in. Enough for the check.
    magic = bytes.fromhex("D0CF11E0A1B11AE1")
    (here / "old.xls").write_bytes(magic + bytes(504) + "Workbook".encode("utf-16-le") + bytes(64))
    (here / "protected.xlsx").write_bytes(magic + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64))


if __name__ == "__main__":
    crm_export_openpyxl()
    dates_1904()
    merged_header()
    handmade()
    broken()
    sys.exit(0)
