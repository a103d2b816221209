#!/usr/bin/env python3
"""Chinese PDF text, Wenzhai beside PDFium (pypdfium2) and poppler's pdftotext, in one run.

Reads the real PDFs of ../shared/formats/pdf (never copied into the project) and checks each
tool's text for the sentence a person reads on the page (checked by eye, and against pdf.js's
and pdfminer.six's own tests). "spaced" counts outputs that put spaces between Chinese
characters (a search for 全世界 does not find 全 世 界).

    python3 crates/bench/scripts/pdf_peers.py [path/to/wz]

pypdfium2 is `pip install pypdfium2`; pdftotext is Debian's poppler-utils (GPL: a peer to
measure against, never a dependency). A peer that is not installed is reported as such.
"""
import json, os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PDFS = os.path.join(ROOT, "..", "shared", "formats", "pdf")
WZ = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "wz")

# file -> what the page shows (whitespace ignored when comparing).
EXPECTED = {
    "issue2128r.pdf": "浅谈校长的魅力",
    "issue3521.pdf": "我们都是黑体字",
    "issue8372.pdf": "目录",
    "XiaoBiaoSong.pdf": "关于红军作战的原则",
    "SimFang-variant.pdf": "全世界无产者，联合起来",
    "issue20489.pdf": "北斗星",
    "pdfminer-issue_566_test_1.pdf": "ISSUE Date：2019-4-25 Buyer：黎荣",
    "pdfminer-issue_566_test_2.pdf": "甲方：中国饮料有限公司（盖章）",
    "noembed-identity.pdf": "ABC あいうえお 123",
    "noembed-identity-2.pdf": "あAbstract012",
    "issue18099_reduced.pdf": "Hello world!",
}
CJK = r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]"


def wenzhai(path):
    out = subprocess.run([WZ, "extract", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    a = json.loads(out.stdout)
    return a["title"] + "\n" + a["body"]


def pdfium(path):
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return "missing"
    doc = pdfium.PdfDocument(path)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def pdftotext(path):
    if not shutil.which("pdftotext"):
        return "missing"
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else None


def squash(s):
    return re.sub(r"\s+", "", s or "")


def main():
    if not os.path.isdir(PDFS):
        print(f"skipped: {PDFS} is not here")
        return
    tools = [("Wenzhai", wenzhai), ("PDFium", pdfium), ("pdftotext", pdftotext)]
    right = {name: 0 for name, _ in tools}
    spaced = {name: 0 for name, _ in tools}
    print("| file | " + " | ".join(n for n, _ in tools) + " |")
    print("|---|" + "---|" * len(tools))
    for file, want in EXPECTED.items():
        cells = []
        for name, fn in tools:
            text = fn(os.path.join(PDFS, file))
            if text == "missing":
                cells.append("not installed")
                continue
            ok = squash(want) in squash(text)
            right[name] += ok
            if re.search(CJK + r" " + CJK, text or ""):
                spaced[name] += 1
            cells.append("right" if ok else "wrong")
        print(f"| {file} | " + " | ".join(cells) + " |")
    n = len(EXPECTED)
    print("| **right** | " + " | ".join(f"**{right[t]} of {n}**" for t, _ in tools) + " |")
    print("| spaces between Chinese characters | " + " | ".join(f"{spaced[t]} files" for t, _ in tools) + " |")


if __name__ == "__main__":
    main()
