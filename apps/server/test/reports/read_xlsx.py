"""
An xlsx reader independent of the JavaScript code under test: Python's zipfile and xml.etree only.
Prints JSON: {"sheets": [{"name", "rows": [[{"ref", "type", "value", "formula"}]]}], "formula_count"}.
Inline strings and shared strings are resolved to their text.

    python3 read_xlsx.py report.xlsx
"""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def text_of(element):
    return "".join(t.text or "" for t in element.iter("{%s}t" % NS["m"]))


def main(path):
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        if bad is not None:
            raise SystemExit("corrupt member: " + bad)
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("rel:Relationship", NS)}
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            table = ET.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in table.findall("m:si", NS)]
        sheets = []
        formulas = 0
        for sheet in workbook.find("m:sheets", NS).findall("m:sheet", NS):
            target = targets[sheet.get("{%s}id" % NS["r"])].lstrip("/")
            part = target if target.startswith("xl/") else "xl/" + target
            root = ET.fromstring(archive.read(part))
            rows = []
            for row in root.find("m:sheetData", NS).findall("m:row", NS):
                cells = []
                for cell in row.findall("m:c", NS):
                    kind = cell.get("t")
                    formula = cell.find("m:f", NS)
                    value = cell.find("m:v", NS)
                    if formula is not None:
                        formulas += 1
                    if kind == "inlineStr":
                        content = text_of(cell.find("m:is", NS))
                    elif kind == "s":
                        content = shared[int(value.text)]
                    else:
                        content = value.text if value is not None else None
                    cells.append({
                        "ref": cell.get("r"),
                        "type": kind,
                        "value": content,
                        "formula": formula.text if formula is not None else None,
                    })
                rows.append(cells)
            sheets.append({"name": sheet.get("name"), "rows": rows})
    json.dump({"sheets": sheets, "formula_count": formulas}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
