#!/usr/bin/env python3
"""The encoding bench's peer: charset-normalizer's best guess for every file of the corpus that
scripts/encoding-corpus.py wrote, judged like ours (right = the decoded text equals the text the
file was made from; no guess = refused). One {"file", "result"} object a line on stdout.

    python3 scripts/encoding-bench-peer.py CORPUS_DIR > peer.jsonl
"""

import json
import os
import sys

try:
    from charset_normalizer import from_bytes
except ImportError:
    sys.exit("charset-normalizer is not installed (pip install charset-normalizer)")


def main():
    corpus = sys.argv[1]
    with open(os.path.join(corpus, "manifest.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(l) for l in f]
    for r in rows:
        with open(os.path.join(corpus, r["file"]), "rb") as f:
            data = f.read()
        best = from_bytes(data).best()
        if best is None:
            result = "refused"
        else:
            text = str(best)
            if text.startswith("\ufeff"):
                text = text[1:]
            result = "right" if text == r["expected"] else "wrong"
        print(json.dumps({"file": r["file"], "result": result, "guess": best.encoding if best else None}))


if __name__ == "__main__":
    main()
