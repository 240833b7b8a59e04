#!/usr/bin/env python3
"""Python's email package doing the benchmark's work: parse each message, decode every text
part to a string, every attachment to bytes, and subject/from/to/date/message-id.

usage: python_bench.py default|compat32 CORPUS_DIR   -> prints: messages seconds peak_rss_kb checksum
"""
import email
import os
import resource
import sys
import time
from email import policy as policies
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

mode, folder = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".eml"))
policy = policies.default if mode == "default" else policies.compat32
checksum = 0
start = time.perf_counter()
for path in files:
    with open(path, "rb") as handle:
        data = handle.read()
    message = email.message_from_bytes(data, policy=policy)
    if mode == "default":
        fields = [str(message.get("Subject", "")), str(message.get("From", "")), str(message.get("To", "")), str(message.get("Message-ID", ""))]
        try:
            message.get("Date").datetime
        except Exception:
            pass
    else:
        fields = []
        for name in ("Subject", "From", "To", "Message-ID"):
            try:
                fields.append(str(make_header(decode_header(message.get(name, "")))))
            except Exception:
                fields.append(str(message.get(name, "")))
        getaddresses(message.get_all("To", []))
        try:
            parsedate_to_datetime(message.get("Date"))
        except Exception:
            pass
    checksum += sum(len(f) for f in fields)
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_content_maintype() == "text" and part.get_filename() is None:
            charset = part.get_content_charset() or "us-ascii"
            try:
                text = payload.decode(charset, errors="replace")
            except LookupError:
                text = payload.decode("utf-8", errors="replace")
            checksum += len(text)
        else:
            checksum += len(payload)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(files), "%.3f" % elapsed, peak, checksum)
