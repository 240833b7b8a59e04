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


gmime = {}
gmime_tool = os.path.join(root, ".build-bench/mime/gmime_bench")
try:
    os.makedirs(os.path.dirname(gmime_tool), exist_ok=True)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "gmime-3.0"], capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["gcc", "-O2", "-o", gmime_tool, os.path.join(root, "bench/mime/gmime_bench.c")] + flags, check=True, capture_output=True)
    output = subprocess.run([gmime_tool, "--dump"] + [os.path.join(corpus, f) for f in files], capture_output=True, check=True).stdout
    for line in output.decode("utf-8", errors="replace").splitlines():  # GMime may pass invalid bytes through
        record = json.loads(line)
        if isinstance(record.get("text"), str) and record["text"].lstrip().startswith("<"):
            record["text"] = html_to_text(record["text"])  # GMime has no HTML-to-text; use the same one as for Python
        gmime[record["file"]] = record
except (subprocess.CalledProcessError, FileNotFoundError) as error:
    print("GMime not compared (%s); bench/mime/run.sh installs libgmime-3.0-dev" % error, file=sys.stderr)


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


disagreements = {"Python": 0, "GMime": 0}
tally = {peer: {"IntakeMIME": 0, peer: 0, "neither": 0} for peer in disagreements}
for name in files:
    mine, wanted = ours.get(name, {}), expected_view(expected[name])
    peers = {"Python": python_view(os.path.join(corpus, name))}
    if name in gmime:
        peers["GMime"] = gmime[name]
    for peer, theirs in peers.items():
        for field in ("subject", "from", "to", "text", "attachments"):
            a, b = mine.get(field), theirs.get(field)
            if a == b:
                continue
            disagreements[peer] += 1
            right = "IntakeMIME" if a == wanted[field] else peer if b == wanted[field] else "neither"
            tally[peer][right] += 1
            print("%s %s vs %s: right: %s%s" % (name, field, peer, right, " (%s)" % expected[name]["note"] if expected[name]["note"] else ""))
            print("    IntakeMIME: %r" % (a,))
            print("    %-11s %r" % (peer + ":", b))
            if right == "neither":
                print("    expected:   %r" % (wanted[field],))
for peer, count in disagreements.items():
    t = tally[peer]
    print("%d cases: %d fields where IntakeMIME and %s disagree; right: IntakeMIME %d, %s %d, neither %d" % (
        len(files), count, peer, t["IntakeMIME"], peer, t[peer], t["neither"]))
