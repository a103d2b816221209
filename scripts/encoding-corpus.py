#!/usr/bin/env python3
"""Build the encoding test corpus: every text under crates/core/tests/encodings/texts/ re-encoded
into every encoding below that can represent it (Python's codecs; iconv for EUC-TW and ISO-2022-CN,
which Python lacks, skipped with a note when iconv is absent), as .txt and as HTML without a
charset, with the right one, and with a lying one (windows-1252, utf-8, and for most legacy
encodings another encoding of the same script).

    python3 scripts/encoding-corpus.py OUT_DIR

OUT_DIR gets the files and manifest.jsonl: one {"file", "lang", "encoding", "form", "expected"}
object a line, "expected" being the exact text the file holds (without its BOM). Generated files are
not committed; the texts are.
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = os.environ.get("WZ_ENCODING_TEXTS") or os.path.join(HERE, "..", "crates", "core", "tests", "encodings", "texts")

# (name in the corpus, Python codec or "iconv:NAME", label written in a correct <meta charset>)
ENCODINGS = [
    ("UTF-8", "utf_8", "utf-8"),
    ("UTF-8-BOM", "utf_8_sig", "utf-8"),
    ("UTF-16LE-BOM", "bom:utf_16_le", "utf-16le"),
    ("UTF-16BE-BOM", "bom:utf_16_be", "utf-16be"),
    ("UTF-16LE", "utf_16_le", "utf-16le"),
    ("UTF-16BE", "utf_16_be", "utf-16be"),
    ("UTF-32LE-BOM", "bom:utf_32_le", "utf-32le"),
    ("UTF-32BE-BOM", "bom:utf_32_be", "utf-32be"),
    ("UTF-32LE", "utf_32_le", "utf-32le"),
    ("UTF-32BE", "utf_32_be", "utf-32be"),
    ("IBM866", "cp866", "ibm866"),
    ("ISO-8859-2", "iso8859_2", "iso-8859-2"),
    ("ISO-8859-3", "iso8859_3", "iso-8859-3"),
    ("ISO-8859-4", "iso8859_4", "iso-8859-4"),
    ("ISO-8859-5", "iso8859_5", "iso-8859-5"),
    ("ISO-8859-6", "iso8859_6", "iso-8859-6"),
    ("ISO-8859-7", "iso8859_7", "iso-8859-7"),
    ("ISO-8859-8", "iso8859_8", "iso-8859-8"),
    ("ISO-8859-8-I", "iso8859_8", "iso-8859-8-i"),
    ("ISO-8859-10", "iso8859_10", "iso-8859-10"),
    ("ISO-8859-11", "iso8859_11", "iso-8859-11"),
    ("ISO-8859-13", "iso8859_13", "iso-8859-13"),
    ("ISO-8859-14", "iso8859_14", "iso-8859-14"),
    ("ISO-8859-15", "iso8859_15", "iso-8859-15"),
    ("ISO-8859-16", "iso8859_16", "iso-8859-16"),
    ("KOI8-R", "koi8_r", "koi8-r"),
    ("KOI8-U", "koi8_u", "koi8-u"),
    ("macintosh", "mac_roman", "macintosh"),
    ("x-mac-cyrillic", "mac_cyrillic", "x-mac-cyrillic"),
    ("windows-874", "cp874", "windows-874"),
    ("windows-1250", "cp1250", "windows-1250"),
    ("windows-1251", "cp1251", "windows-1251"),
    ("windows-1252", "cp1252", "windows-1252"),
    ("windows-1253", "cp1253", "windows-1253"),
    ("windows-1254", "cp1254", "windows-1254"),
    ("windows-1255", "cp1255", "windows-1255"),
    ("windows-1256", "cp1256", "windows-1256"),
    ("windows-1257", "cp1257", "windows-1257"),
    ("windows-1258", "cp1258", "windows-1258"),
    ("GB2312", "gb2312", "gb2312"),
    ("GBK", "gbk", "gbk"),
    ("gb18030", "gb18030", "gb18030"),
    ("HZ-GB-2312", "hz", "hz-gb-2312"),
    ("ISO-2022-CN", "iconv:ISO-2022-CN", "iso-2022-cn"),
    ("Big5", "big5", "big5"),
    ("EUC-TW", "iconv:EUC-TW", "euc-tw"),
    ("Shift_JIS", "shift_jis", "shift_jis"),
    ("EUC-JP", "euc_jp", "euc-jp"),
    ("ISO-2022-JP", "iso2022_jp", "iso-2022-jp"),
    ("EUC-KR", "euc_kr", "euc-kr"),
    ("windows-949", "cp949", "windows-949"),
    ("Johab", "johab", "johab"),
    ("ISO-2022-KR", "iso2022_kr", "iso-2022-kr"),
]

LIES = ["windows-1252", "utf-8"]

# A harder lie: a label of another encoding of the same script (a page converted without fixing
# its <meta>), used where it reads the bytes differently.
SIBLING_LIE = {
    "KOI8-R": "windows-1251", "KOI8-U": "windows-1251", "IBM866": "windows-1251",
    "ISO-8859-5": "windows-1251", "x-mac-cyrillic": "windows-1251", "windows-1251": "koi8-r",
    "windows-1253": "iso-8859-7", "ISO-8859-7": "windows-1253",
    "windows-1256": "iso-8859-6", "ISO-8859-6": "windows-1256",
    "ISO-8859-16": "iso-8859-2",
    "GBK": "big5", "gb18030": "big5", "GB2312": "big5", "Big5": "gbk",
    "Shift_JIS": "euc-jp", "EUC-JP": "shift_jis",
    "EUC-KR": "shift_jis", "windows-949": "shift_jis",
}

# The legacy encodings each language is really written in. Cross-script combinations that a codec
# happens to allow (Russian in Shift_JIS or GB2312, Greek in EUC-JP, anything in GB18030's
# four-byte area) are left out: no real file is like that, and no detector can tell them apart.
NATIVE = {
    "zh-hans": ["GB2312", "GBK", "gb18030", "HZ-GB-2312", "ISO-2022-CN"],
    "zh-hant": ["Big5", "EUC-TW", "ISO-2022-CN", "GBK", "gb18030"],
    "ja": ["Shift_JIS", "EUC-JP", "ISO-2022-JP"],
    "ko": ["EUC-KR", "windows-949", "Johab", "ISO-2022-KR"],
    "ru": ["IBM866", "ISO-8859-5", "KOI8-R", "KOI8-U", "x-mac-cyrillic", "windows-1251"],
    "el": ["ISO-8859-7", "windows-1253"],
    "he": ["ISO-8859-8", "ISO-8859-8-I", "windows-1255"],
    "ar": ["ISO-8859-6", "windows-1256"],
    "th": ["windows-874", "ISO-8859-11"],
    "hu": ["ISO-8859-2", "windows-1250", "ISO-8859-16"],
}


def encode(text, codec):
    """The bytes of `text` in `codec`, or None when the codec cannot represent it exactly."""
    bom = b""
    if codec.startswith("bom:"):
        codec = codec[4:]
        bom = "\ufeff".encode(codec)
    if codec.startswith("iconv:"):
        name = codec[6:]
        if shutil.which("iconv") is None:
            return None
        r = subprocess.run(["iconv", "-f", "UTF-8", "-t", name], input=text.encode(), capture_output=True)
        if r.returncode != 0:
            return None
        back = subprocess.run(["iconv", "-f", name, "-t", "UTF-8"], input=r.stdout, capture_output=True)
        return r.stdout if back.returncode == 0 and back.stdout.decode() == text else None
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return None
    if data.decode(codec) != text:
        return None
    return bom + data


def html(text, charset):
    lines = [l for l in text.strip().split("\n") if l.strip()]
    title, paras = lines[0], lines[1:]
    meta = f'<meta charset="{charset}">\n' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>{title}</title>\n</head>\n"
        f"<body>\n<article>\n<h1>{title}</h1>\n{body}\n</article>\n</body>\n</html>\n"
    )


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if shutil.which("iconv") is None:
        print("note: no iconv: EUC-TW and ISO-2022-CN files are skipped", file=sys.stderr)
    rows = []
    for name in sorted(os.listdir(TEXTS)):
        if not name.endswith(".txt"):
            continue
        lang = name[:-4]
        with open(os.path.join(TEXTS, name), encoding="utf-8") as f:
            text = f.read()
        for enc, codec, label in ENCODINGS:
            if not enc.startswith("UTF-") and enc not in NATIVE.get(lang, []):
                continue
            forms = [("txt", text, None)]
            forms.append(("html-none", html(text, None), None))
            forms.append(("html-meta", html(text, label), None))
            for lie in LIES:
                if lie != label:
                    forms.append((f"html-lie-{lie}", html(text, lie), None))
            if enc in SIBLING_LIE:
                forms.append(("html-lie-sibling", html(text, SIBLING_LIE[enc]), None))
            for form, content, _ in forms:
                data = encode(content, codec)
                if data is None:
                    break  # this text does not fit this encoding
                ext = "txt" if form == "txt" else "html"
                file = f"{lang}__{enc}__{form}.{ext}"
                with open(os.path.join(out, file), "wb") as f:
                    f.write(data)
                rows.append({"file": file, "lang": lang, "encoding": enc, "form": form, "expected": content})
    with open(os.path.join(out, "manifest.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} files in {out}")


if __name__ == "__main__":
    main()
