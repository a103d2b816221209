#!/usr/bin/env python3
"""Our own corpus of realistic office documents, built from the texts in crates/bench/doc-corpus/,
and Wenzhai's extraction of them scored beside the best peers runnable here, in one run.

    python3 crates/bench/scripts/doc_corpus.py build /tmp/wz-doc-corpus
    python3 crates/bench/scripts/doc_corpus.py score /tmp/wz-doc-corpus [--wz target/release/wz]

build needs LibreOffice (Debian: libreoffice-writer-nogui), the CJK fonts named in the sources
(fonts-noto-cjk, fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei; Liberation for the
English text) and reportlab (`pip install reportlab`, BSD). It writes, for every source:

  fodt/NAME.fodt   flat ODF written by this script: real headings (or, for the 公文 written with
                   direct formatting, none), a first-page master without the running header, a
                   header and a footer with page-number (and page-count) fields, tables, real
                   footnotes, document properties (a title only where the source says so);
  odt/ docx/ doc/  LibreOffice's conversions of it (headless);
  pdf-libreoffice/ LibreOffice's PDF export of it (fonts embedded, as LibreOffice does);
  pdf-stsong/      reportlab's PDF with the NON-embedded Adobe CID font STSong-Light
                   (Adobe-GB1, UniGB-UCS2-H; MSung-Light / Adobe-CNS1, UniCNS-UCS2-H for the
                   zh-Hant texts), running header from page 2, footer "第 N 页 共 M 页" (or
                   "— N —", "Page N of M"), tables, notes at the end under 注释;
  epub/            for the sources that say `epub:`: EPUB 3 (nav) or EPUB 2 (NCX), assembled here
                   with zipfile, one chapter per `##` section, a title page, footnotes as EPUB 3
                   <aside epub:type="footnote"> or EPUB 2 linked notes at the chapter's end; the
                   zh-Hant book is vertical (writing-mode: vertical-rl, page-progression rtl);
  expected/NAME.txt, NAME.title  what a person reads: title, headings, paragraphs, table cells
                   (row by row), footnote texts (at the end, without their markers). Running
                   headers, footers and page numbers are not in it.

The sources (crates/bench/doc-corpus/*.md) are a small Markdown subset: a front matter between
`---` lines (lang zh-Hans/zh-Hant/en, author, date, font, heading-font, title-font, size, header,
footer dash|page|plain|en, meta-title yes|no, style headings|direct, title-style Title|Heading1,
stsong yes, epub epub2|epub3|epub3-vertical, heldout yes), then one block per line: `# title`,
`## ` / `### ` headings, `@masthead` `@center` `@right` `@noindent` `@subtitle` paragraphs,
`@pagebreak`, `| cell | cell |` table rows (a `|---|` row is skipped), `[^n]` references and
`[^n]: text` notes, and plain paragraphs. Sources marked `heldout` get a table of their own.

score runs `wz extract --json FILE` on every file and, in the same run, the peers: PDFium (the
pypdfium2 wheel) and poppler's pdftotext for PDF; pandoc for docx/odt/epub; antiword and catdoc
for .doc (pandoc does not read .doc). LibreOffice's own text export is not a peer: it made the
files. It prints one Markdown table (per format and tool) and writes OUTDIR/score.json with the
per-file numbers; `--details` also prints every file below F1 0.97 or with a wrong title.

Text F1 is score.py's (../shared/extraction/score.py, imported at run time when it is there;
otherwise the same few lines below): tokens are CJK characters one by one and \\w+ runs
otherwise (NFKC), F1 over the multiset of 4-token shingles, mean over documents. Wenzhai's text
is its body, with its title put in front when the body does not already begin with it (the
reader shows both). Peers without a title concept: their metadata title when they give one
(PDF Info /Title, pandoc's title), else their first non-empty line. Title accuracy: equal to the
source title after score.py's normalisation (NFKC, casefold, whitespace/punctuation dropped).
Mojibake: U+FFFD, private-use characters, control characters, runs of two or more Latin-1 /
Latin Extended / Cyrillic / box-drawing characters, and CJK characters that appear nowhere in
the document's source (header and footer included) — what a wrong decoding produces. CJK spaces:
a space between two CJK characters that the source does not have there.
"""
import argparse, glob, html, importlib.util, json, os, re, shutil, subprocess, sys, tempfile
import time, unicodedata, uuid, zipfile
from collections import Counter
from xml.sax.saxutils import escape as xesc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SOURCES = os.path.join(ROOT, "crates", "bench", "doc-corpus")
SCORE_PY = os.path.join(ROOT, "..", "shared", "extraction", "score.py")
FORMATS = ["pdf-libreoffice", "pdf-stsong", "docx", "doc", "odt", "epub"]
EXT = {"pdf-libreoffice": "pdf", "pdf-stsong": "pdf", "docx": "docx", "doc": "doc",
       "odt": "odt", "epub": "epub"}

# ------------------------------------------------------------------------------ the source
FN_REF = re.compile(r"\[\^(\w+)\]")


def parse_source(path):
    """-> (meta dict, blocks, notes). Blocks: ("title", t) ("h", level, t) ("p", style, t)
    ("table", rows) ("pagebreak",). `t` may hold [^n] footnote references."""
    text = open(path, encoding="utf-8").read()
    meta = {}
    lines = text.split("\n")
    if lines[0].strip() == "---":
        end = lines.index("---", 1)
        for l in lines[1:end]:
            k, _, v = l.partition(":")
            meta[k.strip()] = v.strip()
        lines = lines[end + 1:]
    meta["name"] = os.path.splitext(os.path.basename(path))[0]
    blocks, notes, table = [], {}, None
    for l in lines:
        l = l.rstrip()
        if l.startswith("|"):
            cells = [c.strip() for c in l.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not l.strip():
            continue
        m = re.match(r"\[\^(\w+)\]:\s*(.*)", l)
        if m:
            notes[m.group(1)] = m.group(2)
        elif l.startswith("# "):
            blocks.append(("title", l[2:].strip()))
        elif re.match(r"#{2,4} ", l):
            hashes = l.split(" ", 1)[0]
            blocks.append(("h", len(hashes) - 1, l[len(hashes) + 1:].strip()))
        elif l.strip() == "@pagebreak":
            blocks.append(("pagebreak",))
        elif l.startswith("@"):
            style, _, t = l[1:].partition(" ")
            blocks.append(("p", style, t.strip()))
        else:
            blocks.append(("p", "body", l.strip()))
    return meta, blocks, notes


def title_of(blocks):
    return next(b[1] for b in blocks if b[0] == "title")


def expected_text(blocks, notes):
    out = []
    for b in blocks:
        if b[0] in ("title", "h", "p"):
            out.append(FN_REF.sub("", b[-1]))
        elif b[0] == "table":
            out.extend(" ".join(r) for r in b[1])
    order = note_order(blocks)
    out.extend(notes[k] for k in order)
    return "\n".join(out) + "\n"


def note_order(blocks):
    seen = []
    for b in blocks:
        texts = [b[-1]] if b[0] in ("title", "h", "p") else (
            [c for r in b[1] for c in r] if b[0] == "table" else [])
        for t in texts:
            for k in FN_REF.findall(t):
                if k not in seen:
                    seen.append(k)
    return seen


def hant(meta):
    return meta.get("lang") == "zh-Hant"


def footer_texts(meta):
    """The running texts a page shows besides the body (for the mojibake check's alphabet)."""
    return (meta.get("header", "") + "第页共頁，Page of — 注释註釋Notes " + meta.get("author", ""))


# ------------------------------------------------------------------------------ flat ODT
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')


def lang_attrs(meta):
    lang = meta.get("lang", "zh-Hans")
    asian = 'style:language-asian="zh" style:country-asian="%s"' % ("TW" if lang == "zh-Hant" else "CN")
    west = 'fo:language="en" fo:country="%s"' % ("GB" if lang == "en" else "US")
    return west + " " + asian


def footer_xml(meta):
    kind = meta.get("footer", "plain")
    page = '<text:page-number text:select-page="current">1</text:page-number>'
    count = '<text:page-count>1</text:page-count>'
    if kind == "dash":
        return "— " + page + " —"
    if kind == "page":
        return ("第 %s 頁，共 %s 頁" if hant(meta) else "第 %s 页 共 %s 页") % (page, count)
    if kind == "en":
        return "Page %s of %s" % (page, count)
    return page


def inline_odf(t, notes, counter):
    """Text with [^n] references made into real ODF footnotes."""
    out, pos = [], 0
    for m in FN_REF.finditer(t):
        out.append(xesc(t[pos:m.start()]))
        counter[0] += 1
        n = counter[0]
        out.append('<text:note text:id="ftn%d" text:note-class="footnote">'
                   '<text:note-citation>%d</text:note-citation><text:note-body>'
                   '<text:p text:style-name="Footnote">%s</text:p></text:note-body></text:note>'
                   % (n, n, xesc(notes[m.group(1)])))
        pos = m.end()
    out.append(xesc(t[pos:]))
    return "".join(out)


def text_width(t):
    """Width in em: a CJK character is one, anything else about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in t)


def fodt(meta, blocks, notes):
    size = float(meta.get("size", "12"))
    gongwen = meta.get("kind") == "gongwen"
    direct = meta.get("style") == "direct"
    tstyle = meta.get("title-style", "Title")
    body_f, head_f, title_f = meta["font"], meta.get("heading-font", meta["font"]), meta.get("title-font", meta["font"])
    en = meta.get("lang") == "en"
    west = body_f if en else "Liberation Serif"
    west_head = head_f if en else "Liberation Sans"
    fonts = sorted({body_f, head_f, title_f, west, west_head})
    fid = {f: "F%d" % i for i, f in enumerate(fonts)}

    def tp(font, wfont, sz, extra=""):
        return ('<style:text-properties style:font-name="%s" fo:font-size="%.1fpt" '
                'style:font-name-asian="%s" style:font-size-asian="%.1fpt" %s/>'
                % (fid[wfont], sz, fid[font], sz, extra))

    indent = "%.1fpt" % (2 * size)
    line = 'fo:line-height="%.1fpt"' % (size * 1.75) if gongwen else 'fo:line-height="150%"'
    title_size = 22 if gongwen else size * 1.8
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<office:document %s office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">' % NS,
         '<office:meta>',
         '<meta:initial-creator>%s</meta:initial-creator><dc:creator>%s</dc:creator>' % (xesc(meta["author"]), xesc(meta["author"])),
         '<meta:creation-date>%sT09:30:00</meta:creation-date><dc:date>%sT16:05:00</dc:date>' % (meta["date"], meta["date"]),
         '<dc:language>%s</dc:language>' % {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-GB"}[meta.get("lang", "zh-Hans")]]
    if meta.get("meta-title") == "yes":
        x.append('<dc:title>%s</dc:title>' % xesc(title_of(blocks)))
    x.append('</office:meta><office:font-face-decls>')
    for f in fonts:
        x.append('<style:font-face style:name="%s" svg:font-family="&apos;%s&apos;"/>' % (fid[f], xesc(f)))
    x.append('</office:font-face-decls><office:styles>')
    x.append('<style:default-style style:family="paragraph"><style:paragraph-properties '
             'style:line-break="strict" style:writing-mode="lr-tb"/>%s</style:default-style>'
             % tp(body_f, west, size, lang_attrs(meta)))
    sty = [
        ("Standard", None, "", ""),
        ("Text_20_body", "Standard",
         '<style:paragraph-properties fo:text-indent="%s" fo:text-align="justify" %s fo:margin-top="0pt" fo:margin-bottom="%s"/>'
         % ("0pt" if en else indent, line, "6pt" if en else "0pt"), ""),
        ("Header", "Standard", '<style:paragraph-properties fo:text-align="center" fo:border-bottom="0.5pt solid #000000" fo:padding-bottom="2pt"/>',
         tp(body_f, west, 9)),
        ("Footer", "Standard", '<style:paragraph-properties fo:text-align="%s"/>' % ("end" if gongwen else "center"),
         tp(body_f, west, 14 if gongwen else 9)),
        ("Footnote", "Standard", '<style:paragraph-properties fo:margin-left="0.5cm" fo:text-indent="-0.5cm"/>', tp(body_f, west, 9)),
        ("Table_20_Contents", "Standard", '<style:paragraph-properties fo:text-align="center"/>', tp(body_f, west, max(9, size - 2))),
        ("Table_20_Heading", "Table_20_Contents", "", tp(head_f, west_head, max(9, size - 2), 'fo:font-weight="bold" style:font-weight-asian="bold"')),
        ("Title", "Standard", '<style:paragraph-properties fo:text-align="center" fo:margin-top="12pt" fo:margin-bottom="12pt"/>',
         tp(title_f, west_head, title_size, 'fo:font-weight="bold" style:font-weight-asian="bold"')),
        ("Subtitle", "Standard", '<style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>', tp(body_f, west, size)),
    ]
    for lvl in (1, 2, 3):
        # GB/T 9704: a 公文's headings are body-size (黑体, 楷体), only the title is larger.
        hs = size if gongwen else {1: size * 1.6, 2: size * 1.3, 3: size * 1.1}[lvl]
        if gongwen and lvl == 1 and tstyle == "Heading1":
            hs = title_size   # the title is the Heading 1: 二号小标宋
        sty.append(("Heading_20_%d" % lvl, "Standard",
                    '<style:paragraph-properties fo:margin-top="%dpt" fo:margin-bottom="6pt" fo:keep-with-next="always"/>' % (14 - 2 * lvl),
                    tp(head_f, west_head, hs, 'fo:font-weight="bold" style:font-weight-asian="bold"')))
    for name, parent, pp, tpp in sty:
        disp = name.replace("_20_", " ")
        lvl = ' style:default-outline-level="%s"' % name[-1] if name.startswith("Heading_20_") else ""
        par = ' style:parent-style-name="%s"' % parent if parent else ""
        x.append('<style:style style:name="%s" style:display-name="%s" style:family="paragraph"%s%s>%s%s</style:style>'
                 % (name, disp, par, lvl, pp, tpp))
    x.append('<text:outline-style style:name="Outline">%s</text:outline-style>' % "".join(
        '<text:outline-level-style text:level="%d" style:num-format=""/>' % i for i in range(1, 11)))
    x.append('<text:notes-configuration text:note-class="footnote" style:num-format="1" '
             'text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>')
    x.append('</office:styles><office:automatic-styles>')
    if gongwen:   # GB/T 9704: A4, top 37 mm, left 28 mm
        margins = 'fo:margin-top="3.2cm" fo:margin-bottom="2.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"'
    else:
        margins = 'fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"'
    x.append('<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
             'fo:page-height="29.7cm" style:print-orientation="portrait" %s/>'
             '<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.4cm"/></style:header-style>'
             '<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.4cm"/></style:footer-style>'
             '</style:page-layout>' % margins)
    auto = {
        "body": ('Text_20_body', '', ''),
        "noindent": ('Text_20_body', '<style:paragraph-properties fo:text-indent="0pt"/>', ''),
        "center": ('Standard', '<style:paragraph-properties fo:text-align="center" %s/>' % line, ''),
        "right": ('Standard', '<style:paragraph-properties fo:text-align="end" fo:margin-right="%s" %s/>' % (indent, line), ''),
        "masthead": ('Standard', '<style:paragraph-properties fo:text-align="center" fo:margin-top="24pt" fo:margin-bottom="18pt" fo:border-bottom="1.5pt solid #e00000" fo:padding-bottom="8pt"/>',
                     tp(title_f, west_head, 30, 'fo:color="#e00000"')),
        "subtitle": ('Subtitle', '', ''),
        "dtitle": ('Standard', '<style:paragraph-properties fo:text-align="center" fo:margin-top="18pt" fo:margin-bottom="18pt" %s/>' % line,
                   tp(title_f, west_head, title_size)),
        "dh1": ('Text_20_body', '', tp(head_f, west_head, size)),
        "dh2": ('Text_20_body', '', tp(body_f, west, size, 'fo:font-weight="bold" style:font-weight-asian="bold"')),
    }
    auto = {"P_" + k: v + (None,) for k, v in auto.items()}

    def variant(style, first, brk):
        extra = ' fo:break-before="page"' if brk else ""
        if style in auto:
            parent, pp, tpp, _ = auto[style]
        else:
            parent, pp, tpp = style, "", ""
        pp = pp.replace("/>", extra + "/>", 1) if pp else ("<style:paragraph-properties%s/>" % extra if extra else "")
        name = "%s_v%d" % (style, len(auto))
        auto[name] = (parent, pp, tpp, "First_20_Page" if first else None)
        return name
    auto_at = len(x)
    x.append('<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15.8cm" '
             'table:align="center" fo:margin-top="6pt" fo:margin-bottom="6pt"/></style:style>')
    x.append('<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties '
             'fo:padding="0.08cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/></style:style>')
    x.append('</office:automatic-styles><office:master-styles>')
    header = meta.get("header", "")
    head_xml = '<style:header><text:p text:style-name="Header">%s</text:p></style:header>' % xesc(header) if header else ""
    foot_xml = '<style:footer><text:p text:style-name="Footer">%s</text:p></style:footer>' % footer_xml(meta)
    x.append('<style:master-page style:name="Standard" style:page-layout-name="pm1">%s%s</style:master-page>' % (head_xml, foot_xml))
    x.append('<style:master-page style:name="First_20_Page" style:display-name="First Page" style:page-layout-name="pm1" '
             'style:next-style-name="Standard">%s</style:master-page>' % foot_xml)
    x.append('</office:master-styles><office:body><office:text>')
    counter = [0]
    first = True
    pending_break = False
    # Heading levels: with a Title-style title the first section level is Heading 1; with a
    # Heading 1 title, sections start at Heading 2.
    shift = 1 if tstyle == "Heading1" else 0
    tables = 0
    auto_cols = []
    for b in blocks:
        if b[0] == "pagebreak":
            pending_break = True
            continue
        if b[0] == "table":
            tables += 1
            ncol = max(len(r) for r in b[1])
            # Column widths by content, as an author drags them: the widest cell of each column.
            weight = [max(3.0, max(text_width(FN_REF.sub("", r[i])) for r in b[1] if i < len(r))) for i in range(ncol)]
            x.append('<table:table table:name="Table%d" table:style-name="Tbl">' % tables)
            for i, w in enumerate(weight):
                cname = "Tbl%d.C%d" % (tables, i)
                auto_cols.append('<style:style style:name="%s" style:family="table-column"><style:table-column-properties '
                                 'style:column-width="%.2fcm"/></style:style>' % (cname, 15.8 * w / sum(weight)))
                x.append('<table:table-column table:style-name="%s"/>' % cname)
            for i, row in enumerate(b[1]):
                if i == 0:
                    x.append('<table:table-header-rows>')
                x.append('<table:table-row>')
                for c in row:
                    x.append('<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="%s">%s</text:p></table:table-cell>'
                             % ("Table_20_Heading" if i == 0 else "Table_20_Contents", inline_odf(c, notes, counter)))
                x.append('</table:table-row>')
                if i == 0:
                    x.append('</table:table-header-rows>')
            x.append('</table:table>')
            continue
        t = inline_odf(b[-1], notes, counter)
        if b[0] == "title":
            if direct:
                style, tag = "P_dtitle", "p"
            elif tstyle == "Heading1":
                style, tag = "Heading_20_1", "h1"
            else:
                style, tag = "Title", "p"
        elif b[0] == "h":
            lvl = b[1] + shift
            if direct:
                style, tag = ("P_dh1" if b[1] == 1 else "P_dh2"), "p"
            else:
                style, tag = "Heading_20_%d" % lvl, "h%d" % lvl
        else:
            style, tag = "P_" + b[1], "p"
        if first or pending_break:
            # The first paragraph starts the first-page master (no running header there); the
            # one after a page break breaks before it. Both keep their look: a variant style.
            style = variant(style, first, pending_break)
            first = pending_break = False
        if tag.startswith("h"):
            x.append('<text:h text:style-name="%s" text:outline-level="%s">%s</text:h>' % (style, tag[1:], t))
        else:
            x.append('<text:p text:style-name="%s">%s</text:p>' % (style, t))
    x.append('</office:text></office:body></office:document>')
    defs = []
    for name, (parent, pp, tpp, mp) in auto.items():
        mp = ' style:master-page-name="%s"' % mp if mp else ""
        defs.append('<style:style style:name="%s" style:family="paragraph" style:parent-style-name="%s"%s>%s%s</style:style>'
                    % (name, parent, mp, pp, tpp))
    x[auto_at:auto_at] = defs + auto_cols
    return "\n".join(x)


# ------------------------------------------------------------------------------ reportlab
def stsong_pdf(meta, blocks, notes, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT, TA_JUSTIFY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer, PageBreak
    from reportlab.lib import colors

    from reportlab.pdfbase import cidfonts
    font = "MSung-Light" if hant(meta) else "STSong-Light"
    # reportlab pairs MSung-Light with the GB CMap; the Adobe-CNS1 font wants UniCNS-UCS2-H.
    cidfonts.defaultUnicodeEncodings["MSung-Light"] = ("cht", "UniCNS-UCS2-H")
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    size = min(float(meta.get("size", "12")), 14)
    base = dict(fontName=font, fontSize=size, leading=size * 1.6, wordWrap="CJK")
    en = meta.get("lang") == "en"
    if en:
        base["wordWrap"] = None
    body = ParagraphStyle("body", firstLineIndent=0 if en else 2 * size, alignment=TA_JUSTIFY,
                          spaceAfter=size * 0.4 if en else 0, **base)
    st = {
        "body": body,
        "noindent": ParagraphStyle("noindent", parent=body, firstLineIndent=0),
        "center": ParagraphStyle("center", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=2 * size),
        "subtitle": ParagraphStyle("subtitle", parent=body, firstLineIndent=0, alignment=TA_CENTER, spaceAfter=size),
        "masthead": ParagraphStyle("masthead", parent=body, firstLineIndent=0, alignment=TA_CENTER,
                                   fontSize=30, leading=40, textColor=colors.red, spaceAfter=14),
        "title": ParagraphStyle("title", parent=body, firstLineIndent=0, alignment=TA_CENTER,
                                fontSize=size * 1.7, leading=size * 2.4, spaceBefore=8, spaceAfter=10),
        "cell": ParagraphStyle("cell", parent=body, firstLineIndent=0, alignment=TA_CENTER,
                               fontSize=size - 1.5, leading=(size - 1.5) * 1.35),
        "note": ParagraphStyle("note", parent=body, firstLineIndent=0, fontSize=size - 2.5, leading=(size - 2.5) * 1.5),
    }
    for lvl in (1, 2, 3):
        st["h%d" % lvl] = ParagraphStyle("h%d" % lvl, parent=body, firstLineIndent=0,
                                         fontSize=size * (1.35 - 0.12 * lvl), leading=size * (1.35 - 0.12 * lvl) * 1.6,
                                         spaceBefore=6, spaceAfter=3)
    order = note_order(blocks)
    num = {k: i + 1 for i, k in enumerate(order)}

    def inl(t):
        out, pos = [], 0
        for m in FN_REF.finditer(t):
            out.append(xesc(t[pos:m.start()]))
            out.append("<super>%d</super>" % num[m.group(1)])
            pos = m.end()
        out.append(xesc(t[pos:]))
        return "".join(out)

    story = []
    for b in blocks:
        if b[0] == "pagebreak":
            story.append(PageBreak())
        elif b[0] == "title":
            story.append(Paragraph(inl(b[1]), st["title"]))
        elif b[0] == "h":
            story.append(Paragraph(inl(b[2]), st["h%d" % b[1]]))
        elif b[0] == "p":
            story.append(Paragraph(inl(b[2]), st.get(b[1], body)))
        elif b[0] == "table":
            data = [[Paragraph(inl(c), st["cell"]) for c in r] for r in b[1]]
            t = Table(data, repeatRows=1, hAlign="CENTER")
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9))]))
            story += [Spacer(1, 4), t, Spacer(1, 4)]
    if order:
        story.append(Spacer(1, 10))
        story.append(Paragraph("Notes" if en else ("註釋" if hant(meta) else "注释"), st["h3"]))
        for k in order:
            story.append(Paragraph("%d. %s" % (num[k], xesc(notes[k])), st["note"]))

    header = meta.get("header", "")

    def build(total, out):
        def deco(canvas, doc, first):
            canvas.saveState()
            w, h = A4
            if header and not first:
                canvas.setFont(font, 9)
                canvas.drawCentredString(w / 2, h - 14 * mm, header)
                canvas.setLineWidth(0.5)
                canvas.line(22 * mm, h - 15.5 * mm, w - 22 * mm, h - 15.5 * mm)
            canvas.setFont(font, 9)
            n = doc.page
            if en:
                s = "Page %d of %d" % (n, total)
            elif meta.get("footer") == "dash":
                s = "— %d —" % n
            elif hant(meta):
                s = "第 %d 頁，共 %d 頁" % (n, total)
            else:
                s = "第 %d 页 共 %d 页" % (n, total)
            canvas.drawCentredString(w / 2, 12 * mm, s)
            canvas.restoreState()

        doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                                topMargin=25 * mm, bottomMargin=22 * mm,
                                title=title_of(blocks) if meta.get("meta-title") == "yes" else "",
                                author=meta.get("author", ""),
                                lang={"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}.get(meta.get("lang"), "en"))
        doc.build(list(story), onFirstPage=lambda c, d: deco(c, d, True),
                  onLaterPages=lambda c, d: deco(c, d, False))
        return doc.page

    import copy
    keep = copy.deepcopy(story)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        total = build(0, tmp.name)
    story[:] = keep
    build(total, path)


# ------------------------------------------------------------------------------ EPUB
def epub(meta, blocks, notes, path):
    kind = meta["epub"]            # epub3 | epub3-vertical | epub2
    v3 = kind.startswith("epub3")
    vertical = kind.endswith("vertical")
    lang = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}[meta.get("lang", "zh-Hans")]
    title = title_of(blocks)
    order = note_order(blocks)
    num = {k: i + 1 for i, k in enumerate(order)}
    # Split into the title page (everything before the first ## section) and chapters.
    front, chapters = [], []
    for b in blocks:
        if b[0] == "h" and b[1] == 1:
            chapters.append([b])
        elif chapters:
            chapters[-1].append(b)
        else:
            front.append(b)

    def inl(t, used):
        out, pos = [], 0
        for m in FN_REF.finditer(t):
            out.append(html.escape(t[pos:m.start()], quote=False))
            n = num[m.group(1)]
            used.append(m.group(1))
            if v3:
                out.append('<a epub:type="noteref" href="#fn%d" id="ref%d"><sup>%d</sup></a>' % (n, n, n))
            else:
                out.append('<a href="#fn%d" id="ref%d"><sup>[%d]</sup></a>' % (n, n, n))
            pos = m.end()
        out.append(html.escape(t[pos:], quote=False))
        return "".join(out)

    def xhtml(bs, head_title):
        used, body = [], []
        for b in bs:
            if b[0] == "title":
                body.append('<h1 class="title">%s</h1>' % inl(b[1], used))
            elif b[0] == "h":
                body.append('<h%d>%s</h%d>' % (b[1] + 1, inl(b[2], used), b[1] + 1))
            elif b[0] == "p":
                cls = {"body": "", "subtitle": ' class="author"', "center": ' class="center"'}.get(b[1], ' class="%s"' % b[1])
                body.append('<p%s>%s</p>' % (cls, inl(b[2], used)))
            elif b[0] == "table":
                rows = []
                for i, r in enumerate(b[1]):
                    tag = "th" if i == 0 else "td"
                    rows.append("<tr>%s</tr>" % "".join("<%s>%s</%s>" % (tag, inl(c, used), tag) for c in r))
                body.append('<table>\n<thead>%s</thead>\n<tbody>%s</tbody>\n</table>' % (rows[0], "\n".join(rows[1:])))
        if used:
            if v3:
                body.append('<section epub:type="footnotes" class="footnotes"><hr/>')
                for k in used:
                    body.append('<aside epub:type="footnote" id="fn%d"><p><a href="#ref%d">%d</a> %s</p></aside>'
                                % (num[k], num[k], num[k], html.escape(notes[k], quote=False)))
                body.append('</section>')
            else:
                body.append('<div class="footnotes"><hr/>')
                for k in used:
                    body.append('<p id="fn%d"><a href="#ref%d">[%d]</a> %s</p>' % (num[k], num[k], num[k], html.escape(notes[k], quote=False)))
                body.append('</div>')
        if v3:
            head = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
                    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s">' % (lang, lang))
        else:
            head = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
                    '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="%s">' % lang)
        return ('%s\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n<title>%s</title>\n'
                '<link rel="stylesheet" type="text/css" href="../Styles/style.css"/>\n</head>\n<body>\n%s\n</body>\n</html>\n'
                % (head, html.escape(head_title), "\n".join(body)))

    css = ("body { font-family: serif; line-height: 1.8; }\np { text-indent: 2em; margin: 0; }\n"
           "p.author, p.center, h1, h2 { text-align: center; text-indent: 0; }\n"
           "table { border-collapse: collapse; margin: 1em auto; }\nth, td { border: 1px solid #000; padding: .2em .5em; }\n"
           ".footnotes { font-size: .85em; }\n")
    if vertical:
        css = "html { -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; writing-mode: vertical-rl; }\n" + css
    ident = "urn:uuid:%s" % uuid.uuid5(uuid.NAMESPACE_URL, "wenzhai-doc-corpus/" + meta["name"])
    files = [("Text/titlepage.xhtml", "titlepage", xhtml(front, title), title)]
    for i, ch in enumerate(chapters, 1):
        name = FN_REF.sub("", ch[0][2])
        files.append(("Text/chapter%02d.xhtml" % i, "ch%02d" % i, xhtml(ch, name), name))
    manifest = ['<item id="css" href="Styles/style.css" media-type="text/css"/>']
    for href, iid, _, _ in files:
        manifest.append('<item id="%s" href="%s" media-type="application/xhtml+xml"/>' % (iid, href))
    spine = ['<itemref idref="%s"/>' % iid for _, iid, _, _ in files]
    ppd = ' page-progression-direction="rtl"' if vertical else ""
    if v3:
        manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
        spine.insert(1, '<itemref idref="nav" linear="no"/>')
        opf = ('<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
               'unique-identifier="bookid" xml:lang="%s">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
               '<dc:identifier id="bookid">%s</dc:identifier>\n<dc:title>%s</dc:title>\n<dc:creator id="creator">%s</dc:creator>\n'
               '<dc:language>%s</dc:language>\n<dc:date>%s</dc:date>\n<meta property="dcterms:modified">%sT00:00:00Z</meta>\n'
               '</metadata>\n<manifest>\n%s\n</manifest>\n<spine%s>\n%s\n</spine>\n</package>\n'
               % (lang, ident, html.escape(title), html.escape(meta["author"]), lang, meta["date"], meta["date"],
                  "\n".join(manifest), ppd, "\n".join(spine)))
        toc = "目錄" if hant(meta) else ("Contents" if lang == "en" else "目录")
        nav = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
               'xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s">\n<head><title>%s</title></head>\n<body>\n'
               '<nav epub:type="toc" id="toc"><h1>%s</h1>\n<ol>\n%s\n</ol></nav>\n</body>\n</html>\n'
               % (lang, lang, toc, toc, "\n".join('<li><a href="%s">%s</a></li>' % (h, html.escape(n)) for h, _, _, n in files)))
    else:
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        opf = ('<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
               'unique-identifier="bookid">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
               'xmlns:opf="http://www.idpf.org/2007/opf">\n<dc:identifier id="bookid" opf:scheme="UUID">%s</dc:identifier>\n'
               '<dc:title>%s</dc:title>\n<dc:creator opf:role="aut">%s</dc:creator>\n<dc:language>%s</dc:language>\n'
               '<dc:date opf:event="publication">%s</dc:date>\n</metadata>\n<manifest>\n%s\n</manifest>\n'
               '<spine toc="ncx"%s>\n%s\n</spine>\n<guide><reference type="title-page" href="Text/titlepage.xhtml" title="%s"/></guide>\n</package>\n'
               % (ident, html.escape(title), html.escape(meta["author"]), lang, meta["date"], "\n".join(manifest),
                  ppd, "\n".join(spine), html.escape(title)))
        points = "\n".join('<navPoint id="np%d" playOrder="%d"><navLabel><text>%s</text></navLabel><content src="%s"/></navPoint>'
                           % (i, i, html.escape(n), h) for i, (h, _, _, n) in enumerate(files, 1))
        ncx = ('<?xml version="1.0" encoding="UTF-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
               '<head><meta name="dtb:uid" content="%s"/><meta name="dtb:depth" content="1"/></head>\n'
               '<docTitle><text>%s</text></docTitle>\n<navMap>\n%s\n</navMap>\n</ncx>\n' % (ident, html.escape(title), points))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
                   '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n',
                   compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        if v3:
            z.writestr("OEBPS/nav.xhtml", nav, compress_type=zipfile.ZIP_DEFLATED)
        else:
            z.writestr("OEBPS/toc.ncx", ncx, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/Styles/style.css", css, compress_type=zipfile.ZIP_DEFLATED)
        for href, _, x, _ in files:
            z.writestr("OEBPS/" + href, x, compress_type=zipfile.ZIP_DEFLATED)


# ------------------------------------------------------------------------------ build
def sources():
    return sorted(glob.glob(os.path.join(SOURCES, "*.md")))


def soffice(args, timeout=600):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    profile = "file://" + os.path.join(tempfile.gettempdir(), "wz-doc-corpus-lo-profile")
    subprocess.run([exe, "-env:UserInstallation=" + profile, "--headless", "--norestore", "--nolockcheck"] + args,
                   check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def build(outdir):
    outdir = os.path.abspath(outdir)
    if outdir.startswith(ROOT + os.sep):
        sys.exit("build the corpus outside the repository")
    for d in ["fodt", "expected"] + FORMATS:
        os.makedirs(os.path.join(outdir, d), exist_ok=True)
    fodts = []
    for src in sources():
        meta, blocks, notes = parse_source(src)
        name = meta["name"]
        with open(os.path.join(outdir, "expected", name + ".txt"), "w", encoding="utf-8") as f:
            f.write(expected_text(blocks, notes))
        with open(os.path.join(outdir, "expected", name + ".title"), "w", encoding="utf-8") as f:
            f.write(title_of(blocks) + "\n")
        with open(os.path.join(outdir, "expected", name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"alphabet": footer_texts(meta), "lang": meta.get("lang"),
                       "heldout": meta.get("heldout") == "yes"}, f, ensure_ascii=False)
        p = os.path.join(outdir, "fodt", name + ".fodt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(fodt(meta, blocks, notes))
        fodts.append(p)
        if meta.get("stsong") == "yes":
            stsong_pdf(meta, blocks, notes, os.path.join(outdir, "pdf-stsong", name + ".pdf"))
        if meta.get("epub"):
            epub(meta, blocks, notes, os.path.join(outdir, "epub", name + ".epub"))
        print("wrote", name, file=sys.stderr)
    for fmt, filt in [("odt", "odt"), ("docx", 'docx:MS Word 2007 XML'), ("doc", "doc:MS Word 97"),
                      ("pdf-libreoffice", "pdf:writer_pdf_Export")]:
        t = time.time()
        soffice(["--convert-to", filt, "--outdir", os.path.join(outdir, fmt)] + fodts)
        print("LibreOffice -> %s: %.0f s" % (fmt, time.time() - t), file=sys.stderr)
    for fmt in FORMATS:
        print("%-16s %d files" % (fmt, len(glob.glob(os.path.join(outdir, fmt, "*")))), file=sys.stderr)


# ------------------------------------------------------------------------------ scoring
def load_score_py():
    """score.py's tokens/shingles/prf/norm_key when ../shared/extraction/score.py is here."""
    if os.path.exists(SCORE_PY):
        spec = importlib.util.spec_from_file_location("wz_score", SCORE_PY)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod, "score.py (imported)"
    return None, "reimplemented (score.py absent)"


SCORE, SCORE_SRC = load_score_py()
_CJK = (r'\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f')
_TOK = re.compile(r'[' + _CJK + r']|[^\W' + _CJK + r']+', re.UNICODE)


def tokens(s):
    if SCORE:
        return SCORE.tokens(s)
    return _TOK.findall(unicodedata.normalize("NFKC", s or ""))


def shingles(toks, n=4):
    if SCORE:
        return SCORE.shingles(toks, n)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def f1(true, pred):
    t, p = shingles(tokens(true)), shingles(tokens(pred))
    if SCORE:
        return SCORE.prf(t, p)[2]
    tp = sum((t & p).values())
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    if fp == fn == 0:
        return 1.0
    pr, rc = (tp / (tp + fp) if tp + fp else 0), (tp / (tp + fn) if tp + fn else 0)
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def norm_key(s):
    if SCORE:
        return SCORE.norm_key(s)
    return re.sub(r'[\W_]+', '', unicodedata.normalize('NFKC', s or '').casefold())


CJK1 = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
SPACED = re.compile(r"(?<=%s)[ \u3000]+(?=%s)" % (CJK1, CJK1))
IDEO = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN_RUN = re.compile(r"[\u00c0-\u024f\u0400-\u04ff\u2500-\u259f]{2,}")
BAD1 = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # \f is a page break


def mojibake(out, expected, alphabet):
    allowed = set(expected) | set(alphabet)
    n = len(BAD1.findall(out))
    n += sum(len(r) for r in LATIN_RUN.findall(out) if not set(r) <= allowed)
    n += sum(1 for c in IDEO.findall(out) if c not in allowed)
    return n


def spaced(out, expected):
    """Spaces between two CJK characters that the source does not have there."""
    ok = Counter((m.group(1), m.group(2)) for m in re.finditer(r"(%s)[ \u3000]+(?=(%s))" % (CJK1, CJK1), expected))
    n = 0
    for m in re.finditer(r"(%s)[ \u3000]+(?=(%s))" % (CJK1, CJK1), out):
        if ok[(m.group(1), m.group(2))] > 0:
            continue
        n += 1
    return n


def first_line(text):
    return next((l.strip() for l in (text or "").split("\n") if l.strip()), "")


def run(cmd, timeout=120):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except (subprocess.TimeoutExpired, FileNotFoundError) as e:
        return None, str(e)
    if p.returncode != 0:
        return None, p.stderr.decode("utf-8", "replace")[-300:]
    return p.stdout.decode("utf-8", "replace"), None


def tool_wz(wz):
    def f(path):
        out, err = run([wz, "extract", "--json", path])
        if out is None:
            return None, None, "refused: " + (err or "").strip()
        a = json.loads(out)
        title, body = a.get("title") or "", a.get("body") or ""
        text = body
        if norm_key(title) and norm_key(title) not in norm_key(body[:len(title) * 3 + 200]):
            text = title + "\n" + body
        return text, title, None
    return f


def tool_pdfium(path):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(path)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    meta = (doc.get_metadata_dict() or {}).get("Title") or ""
    return text, meta.strip() or first_line(text), None


def tool_pdftotext(path):
    out, err = run(["pdftotext", "-enc", "UTF-8", path, "-"])
    if out is None:
        return None, None, err
    info, _ = run(["pdfinfo", "-enc", "UTF-8", path])
    title = ""
    for l in (info or "").split("\n"):
        if l.startswith("Title:"):
            title = l[6:].strip()
    return out, title or first_line(out), None


def tool_pandoc(path):
    fmt = {".docx": "docx", ".odt": "odt", ".epub": "epub"}[os.path.splitext(path)[1]]
    out, err = run(["pandoc", "-f", fmt, "-t", "plain", "--wrap=none", "--columns=10000", path])
    if out is None:
        return None, None, err
    js, _ = run(["pandoc", "-f", fmt, "-t", "json", path])
    title = ""
    if js:
        m = json.loads(js).get("meta", {}).get("title")
        if m:
            title = pandoc_inline_text(m)
    return out, title or first_line(out), None


def pandoc_inline_text(v):
    if isinstance(v, dict):
        t, c = v.get("t"), v.get("c")
        if t == "Str":
            return c
        if t in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return pandoc_inline_text(c)
    if isinstance(v, list):
        return "".join(pandoc_inline_text(x) for x in v)
    return ""


def tool_antiword(path):
    out, err = run(["antiword", "-m", "UTF-8.txt", "-w", "0", path])
    if out is None:
        return None, None, err
    return out, first_line(out), None


def tool_catdoc(path):
    out, err = run(["catdoc", "-d", "utf-8", "-w", path])
    if out is None:
        return None, None, err
    return out, first_line(out), None


def peers_for(fmt):
    if fmt.startswith("pdf"):
        return [("PDFium", tool_pdfium, "pypdfium2"), ("pdftotext", tool_pdftotext, "pdftotext")]
    if fmt == "doc":
        return [("antiword", tool_antiword, "antiword"), ("catdoc", tool_catdoc, "catdoc")]
    return [("pandoc", tool_pandoc, "pandoc")]


def available(need):
    if need == "pypdfium2":
        return importlib.util.find_spec("pypdfium2") is not None
    return shutil.which(need) is not None


def print_table(rows):
    print("| format | n | tool | text F1 | title | mojibake (files / chars) | CJK spaces (files / count) | refused |")
    print("|---|---:|---|---:|---:|---|---|---:|")
    for fmt, n, tname, per in rows:
        if per is None:
            print("| %s | %d | %s | not installed | | | | |" % (fmt, n, tname))
            continue
        if not per:
            continue
        f = sum(p["f1"] for p in per) / len(per)
        t = sum(p["title_ok"] for p in per) / len(per)
        mb = [p["mojibake"] for p in per]
        sp = [p["spaced"] for p in per]
        ref = sum(1 for p in per if p.get("error"))
        bold = "**%s**" if tname == "Wenzhai" else "%s"
        print("| %s | %d | %s | %.3f | %.3f | %d / %d | %d / %d | %d |" % (
            fmt, len(per), bold % tname, f, t, sum(1 for x in mb if x), sum(mb),
            sum(1 for x in sp if x), sum(sp), ref))


def score(outdir, wz, details):
    outdir = os.path.abspath(outdir)
    if not os.path.exists(wz):
        sys.exit("no wz at %s" % wz)
    results, rows = {}, []
    for fmt in FORMATS:
        files = sorted(glob.glob(os.path.join(outdir, fmt, "*." + EXT[fmt])))
        tools = [("Wenzhai", tool_wz(wz), None)] + peers_for(fmt)
        for tname, fn, need in tools:
            if need and not available(need):
                rows.append((fmt, len(files), tname, None))
                continue
            per = []
            for path in files:
                name = os.path.splitext(os.path.basename(path))[0]
                exp = open(os.path.join(outdir, "expected", name + ".txt"), encoding="utf-8").read()
                etitle = open(os.path.join(outdir, "expected", name + ".title"), encoding="utf-8").read().strip()
                alphabet = json.load(open(os.path.join(outdir, "expected", name + ".json"), encoding="utf-8"))["alphabet"]
                try:
                    text, title, err = fn(path)
                except Exception as e:  # a peer that crashes on a file scores 0 there
                    text, title, err = None, None, "%s: %s" % (type(e).__name__, e)
                if text is None:
                    per.append({"file": name, "f1": 0.0, "title_ok": False, "title": None, "error": err,
                                "mojibake": 0, "spaced": 0})
                    continue
                per.append({"file": name, "f1": f1(exp, text), "title_ok": norm_key(title) == norm_key(etitle),
                            "title": title, "expected_title": etitle, "mojibake": mojibake(text, exp, alphabet),
                            "spaced": spaced(text, exp)})
            results.setdefault(fmt, {})[tname] = per
            rows.append((fmt, len(files), tname, per))
    print("Scored with %s; %s" % (SCORE_SRC, time.strftime("%Y-%m-%d")))
    print()
    print_table(rows)
    heldout = {os.path.basename(p)[:-5] for p in glob.glob(os.path.join(outdir, "expected", "*.json"))
               if json.load(open(p, encoding="utf-8")).get("heldout")}
    if heldout:
        print()
        print("Held out (%d sources written after the readers were tuned on the others):" % len(heldout))
        print()
        print_table([(fmt, sum(1 for p in per if p["file"] in heldout) if per else n, tname,
                      [p for p in per if p["file"] in heldout] if per is not None else None)
                     for fmt, n, tname, per in rows])
    with open(os.path.join(outdir, "score.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    if details:
        print()
        for fmt, tools in results.items():
            for tname, per in tools.items():
                for p in per:
                    if p["f1"] < 0.97 or not p["title_ok"] or p["mojibake"] or p["spaced"]:
                        print("%-16s %-10s %-24s F1 %.3f title %s%s%s%s" % (
                            fmt, tname, p["file"], p["f1"], "ok" if p["title_ok"] else "WRONG %r" % (p["title"],),
                            " mojibake %d" % p["mojibake"] if p["mojibake"] else "",
                            " spaced %d" % p["spaced"] if p["spaced"] else "",
                            " error %s" % p["error"] if p.get("error") else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("outdir")
    s = sub.add_parser("score")
    s.add_argument("outdir")
    s.add_argument("--wz", default=os.path.join(ROOT, "target", "release", "wz"))
    s.add_argument("--details", action="store_true")
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.outdir)
    else:
        score(a.outdir, a.wz, a.details)


if __name__ == "__main__":
    main()
