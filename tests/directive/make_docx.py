#!/usr/bin/env python3
"""Write the .docx fixtures: minimal WordprocessingML documents, reproducibly.

fixtures/tongbao_docx.docx splits its text over several runs, with a soft tab and a table of
tasks, the way Word stores it. fixtures/numbered_docx.docx numbers its headings with Word's own
list numbering (word/numbering.xml), so the markers are not in the text at all. Run from
anywhere:
    python3 tests/directive/make_docx.py
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "tongbao_docx.docx")
OUT_NUMBERED = os.path.join(HERE, "fixtures", "numbered_docx.docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PARAS = [
    ["XX市科学技术协会文件"],
    ["X科协发〔2023〕", "47号"],
    ["XX市科学技术协会"],
    ["关于2023年上半年重点工作推进情况的", "通报"],
    ["各区县科协，各市级学会（协会、研究会），机关各部室、直属单位："],
    ["\u3000\u3000今年以来，全市科协系统认真贯彻落实市委决策部署，", "各项重点工作有序推进。现将有关情况通报如下。"],
    ["一、总体进展"],
    ["\u3000\u3000截至6月底，年度重点任务已完成45项，完成率达到60%。"],
    ["二、存在问题"],
    ["\u3000\u3000部分单位工作进度滞后，任务台账更新不及时。"],
    ["三、下一步工作"],
    ["\u3000\u3000（一）加快推进滞后任务。各区县科协要对照任务清单，", "于9月30日前完成滞后任务整改。"],
    ["\u3000\u3000（二）做好下半年工作谋划。各市级学会应当在年底前举办学术交流活动不少于3场。"],
    ["\u3000\u3000下半年重点任务安排如下："],
    "TABLE",
    ["四、工作要求"],
    ["\u3000\u3000各单位要高度重视，每月", "\t", "5日前报送进展情况。"],
    [""],
    ["XX市科学技术协会"],
    ["2023年7月10日"],
]

TABLE = [
    ["序号", "工作任务", "责任单位", "完成时限"],
    ["1", "举办全国科普日XX市主场活动", "科学技术普及部", "2023年9月底前"],
    ["2", "开展院士专家进区县活动", "学会学术部、各区县科协", "2023年11月底前"],
]


# (text, list level or None): headings numbered by Word, 一、 （一） 1. （1）.
NUMBERED = [
    ("XX市科学技术协会", None),
    ("关于开展“科技进社区”活动的通知", None),
    ("X科协发〔2024〕6号", None),
    ("各区县科协，各市级学会：", None),
    ("为提升社区居民科学素质，决定在全市开展“科技进社区”活动。", None),
    ("活动安排", 0),
    ("科普讲座", 1),
    ("各区县科协要在6月底前举办社区科普讲座20场以上。", 2),
    ("讲座内容以健康、安全和应急为主。", 3),
    ("科普展览", 1),
    ("各市级学会应当年内组织科普展览不少于5场。", 2),
    ("工作要求", 0),
    ("各单位要于12月10日前报送活动总结。", None),
    ("XX市科学技术协会", None),
    ("2024年3月5日", None),
]

LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
          ("decimal", "（%4）")]


def numbering_xml():
    lvls = "".join('<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/>'
                   '<w:lvlText w:val="%s"/></w:lvl>' % (i, fmt, escape(text))
                   for i, (fmt, text) in enumerate(LEVELS))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:numbering xmlns:w="%s"><w:abstractNum w:abstractNumId="0">%s</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>' % (W, lvls))


def numbered_para(text, level):
    ppr = "" if level is None else (
        '<w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr>' % level)
    return "<w:p>%s%s</w:p>" % (ppr, run(text))


def run(text):
    if text == "\t":
        return "<w:r><w:tab/></w:r>"
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text)


def para(runs):
    return "<w:p>%s</w:p>" % "".join(run(r) for r in runs if r)


def table(rows):
    out = ["<w:tbl>"]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            out.append("<w:tc>%s</w:tc>" % para([cell]))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body))


def write(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            # A fixed timestamp keeps the file byte-for-byte reproducible.
            info = zipfile.ZipInfo(name, date_time=(2023, 7, 10, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name].encode("utf-8"))


def main():
    body = "".join(table(TABLE) if p == "TABLE" else para(p) for p in PARAS)
    document = document_xml(body)
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }
    write(OUT, files)
    files = dict(files)
    files["word/document.xml"] = document_xml("".join(numbered_para(t, l) for t, l in NUMBERED))
    files["word/numbering.xml"] = numbering_xml()
    write(OUT_NUMBERED, files)


if __name__ == "__main__":
    main()
