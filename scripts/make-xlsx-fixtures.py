#!/usr/bin/env python3
"""Writes the Excel test workbooks into Tests/IntakeExtractionTests/Fixtures/.

SpreadsheetML is written by hand (zipfile + XML text) rather than with a spreadsheet library,
so that every feature the reader must handle is there on purpose: several sheets (the lines on
the second, below a title), shared strings with rich-text runs, an inline string, a formula with
the value Excel cached, a date in a built-in date format and one in a custom format, the 1904
date system, and two hostile files (a zip bomb, and a file that is not a ZIP at all).

usage: scripts/make-xlsx-fixtures.py
"""
import os
import zipfile

HERE = os.path.join(os.path.dirname(__file__), "..", "Tests", "IntakeExtractionTests", "Fixtures")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(sheets, date1904=False):
    entries = "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(sheets))
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>{pr}<sheets>{entries}</sheets></workbook>'


def workbook_rels(count):
    # The sheets' files are named in reverse, so that a reader must follow the relationships.
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   f'Target="worksheets/sheet{count - i}.xml"/>' for i in range(count))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {NS}>
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="&quot;NT$&quot;#,##0.00"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>"""

SHARED = ["SKU", "品名", "數量", "單價", "金額", "customer_email", "delivery_date",
          "PAP-A4-80", "A4影印紙", "TON-HP-26A", "orders@kowloon-office.hk", "HP 26A "]


def shared_strings():
    items = []
    for text in SHARED:
        if text == "HP 26A ":
            # rich text: two runs that read "HP 26A Toner"
            items.append('<si><r><rPr><b/></rPr><t xml:space="preserve">HP 26A </t></r><r><t>Toner</t></r></si>')
        else:
            items.append(f"<si><t>{text}</t></si>")
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'


def s(ref, index):
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def n(ref, value, style=0):
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


def sheet(rows):
    body = "".join(f'<row r="{number}">{"".join(cells)}</row>' for number, cells in rows)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>{body}</sheetData></worksheet>'


def order_workbook(path, date1904=False):
    cover = sheet([(1, ['<c r="A1" t="inlineStr"><is><t>Purchase order — see the sheet Order</t></is></c>'])])
    # 2026-12-10 is serial 46366 in the 1900 system and 44904 in the 1904 system.
    serial = 44904 if date1904 else 46366
    order = sheet([
        (1, ['<c r="A1" t="inlineStr"><is><t>Kowloon Office Supplies — order</t></is></c>']),
        (3, [s("A3", 0), s("B3", 1), s("C3", 2), s("D3", 3), s("E3", 4), s("F3", 5), s("G3", 6)]),
        (4, [s("A4", 7), s("B4", 8), n("C4", 40), n("D4", 650, 3), '<c r="E4" s="3"><f>C4*D4</f><v>26000</v></c>',
             s("F4", 10), n("G4", serial, 1)]),
        (5, [s("A5", 9), s("B5", 11), n("C5", "6.0000000000000009"), n("D5", 2980, 3), '<c r="E5" s="3"><f>C5*D5</f><v>17880</v></c>',
             '<c r="G5" s="2"><v>%d</v></c>' % serial]),
    ])
    sheets = ["Cover", "Order"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook(sheets, date1904))
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets)))
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", shared_strings())
        # rId1 (Cover) -> sheet2.xml, rId2 (Order) -> sheet1.xml
        z.writestr("xl/worksheets/sheet2.xml", cover)
        z.writestr("xl/worksheets/sheet1.xml", order)


def bomb(path):
    # 300 MB of spaces in one part: about 300 KB compressed.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", workbook(["Sheet1"]))
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels(1))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                part.write(chunk)


os.makedirs(HERE, exist_ok=True)
order_workbook(os.path.join(HERE, "order-two-sheets.xlsx"))
order_workbook(os.path.join(HERE, "order-1904.xlsx"), date1904=True)
bomb(os.path.join(HERE, "zip-bomb.xlsx"))
with open(os.path.join(HERE, "not-a-zip.xlsx"), "w") as f:
    f.write("this is a text file with an .xlsx name\n")
for name in sorted(os.listdir(HERE)):
    print(name, os.path.getsize(os.path.join(HERE, name)))
