#!/usr/bin/env python3
"""Compares IntakeMIME with Python's email package (policy.default) on the MIME test corpus and
lists every field where the two disagree, with which one matches the expected value written for
the case (expected.json) and the case's note: that is the "why".

usage: bench/mime/compare.py [CORPUS_DIR]   (builds the dump tool if needed)
"""
import email
import json
import os
import subprocess
import sys
from email import policy

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Tests/IntakeMIMETests/Corpus")
expected = {case["file"]: case for case in json.load(open(os.path.join(corpus, "expected.json"), encoding="utf-8"))}
files = sorted(expected)

subprocess.run(["swift", "build", "-c", "release", "--product", "intake-mime-bench"], cwd=root, check=True, capture_output=True)
tool = os.path.join(root, ".build/release/intake-mime-bench")
ours = {}
for line in subprocess.run([tool, "--dump"] + [os.path.join(corpus, f) for f in files], capture_output=True, text=True, check=True).stdout.splitlines():
    record = json.loads(line)
    ours[record["file"]] = record


def html_to_text(html):
    import re
    html = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "", html)
    html = re.sub(r"(?i)</t[dh]>\s*<t[dh][^>]*>", " | ", html)
    html = re.sub(r"(?i)<(br|p|div|tr|table)[^>]*>", "\n", html)
    text = re.sub(r"<[^>]+>", "", html)
    import html as entities
    return "\n".join(line.strip() for line in entities.unescape(text).split("\n") if line.strip())


def python_view(path):
    message = email.message_from_bytes(open(path, "rb").read(), policy=policy.default)
    addresses = lambda name: [a.addr_spec.lower() for a in getattr(message.get(name), "addresses", ()) if a.addr_spec]
    texts, attachments = [], []

    def text_of(part):
        try:
            content = part.get_content()
        except Exception as error:  # undecodable charset
            content = "<%s>" % error
        content = content.replace("\r\n", "\n")
        content = html_to_text(content) if part.get_content_subtype() == "html" else content
        return content.rstrip("\n ")

    def visit(part):
        if part.get_content_type() == "multipart/alternative":
            children = [p for p in part.iter_parts() if not p.is_attachment()]
            chosen = next((p for p in children if p.get_content_type() == "text/plain"), None) or \
                next((p for p in children if p.get_content_type() == "text/html"), None)
            if chosen is not None:
                texts.append(text_of(chosen))
            return
        if part.is_multipart():
            for child in part.iter_parts():
                visit(child)
            return
        if part.get_content_type() == "message/rfc822":
            for child in part.iter_parts():
                visit(child)
            return
        if part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment():
            texts.append(text_of(part))
        else:
            payload = part.get_payload(decode=True) or b""
            attachments.append("%s:%d" % (part.get_filename() or "-", len(payload)))

    visit(message)
    subject = message.get("Subject")
    return {"subject": None if subject is None else str(subject), "from": addresses("From"), "to": addresses("To"),
            "text": "\n".join(texts) if texts else None, "attachments": attachments}


def expected_view(case):
    return {"subject": case["subject"], "from": case["from"], "to": case["to"], "text": case["text"],
            "attachments": ["%s:%d" % (a["filename"] or "-", a["size"]) for a in case["attachments"]]}


disagreements = 0
tally = {"IntakeMIME": 0, "Python": 0, "neither": 0}
for name in files:
    mine, theirs, wanted = ours.get(name, {}), python_view(os.path.join(corpus, name)), expected_view(expected[name])
    for field in ("subject", "from", "to", "text", "attachments"):
        a, b = mine.get(field), theirs.get(field)
        if a == b:
            continue
        disagreements += 1
        right = "IntakeMIME" if a == wanted[field] else "Python" if b == wanted[field] else "neither"
        tally[right] += 1
        print("%s %s: right: %s%s" % (name, field, right, " (%s)" % expected[name]["note"] if expected[name]["note"] else ""))
        print("    IntakeMIME: %r" % (a,))
        print("    Python:     %r" % (b,))
        if right == "neither":
            print("    expected:   %r" % (wanted[field],))
print("%d cases, %d fields disagree; right: IntakeMIME %d, Python %d, neither %d" % (len(files), disagreements, tally["IntakeMIME"], tally["Python"], tally["neither"]))
