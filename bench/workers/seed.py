#!/usr/bin/env python3
"""Makes every message that `scripts/testbed.sh seed-bulk` wrote from one template a distinct
order: its own Message-ID and its own purchase-order number (in the subject and in the base64
text and HTML parts), so that no item is a duplicate of another and every one makes an order.

usage: seed.py MAILDIR_NEW_FOLDER TAG
Rewrites the files of the folder in place (owner and name kept), before any IMAP client has seen
them. A file's number is its `X-Testbed-Seq:` header, the first line seed-bulk writes; the
template is examples/inbox/003-northwind-order.eml (Message-ID <nw-88231.…>, PO NW-88231).
"""
import base64
import os
import re
import sys

folder, tag = sys.argv[1], sys.argv[2]
MESSAGE_ID = b"<nw-88231.1764001800@northwind.example>"
PO = b"NW-88231"
BASE64_PART = re.compile(rb"(Content-Transfer-Encoding: base64\r?\n\r?\n)([A-Za-z0-9+/=\r\n]+?)(\r?\n\r?\n|\r?\n--)")


def reencode(text: bytes) -> bytes:
    encoded = base64.b64encode(text)
    return b"\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


count = 0
for name in os.listdir(folder):
    path = os.path.join(folder, name)
    with open(path, "r+b") as file:
        data = file.read()
        seq = re.match(rb"X-Testbed-Seq: (\d+)", data)
        if not seq or MESSAGE_ID not in data:
            sys.exit(f"seed.py: {path} is not a seeded copy of the template")
        number = int(seq.group(1))
        po = f"NW-{tag}{number:06d}".encode()
        data = data.replace(MESSAGE_ID, f"<bench-{tag}-{number}@northwind.example>".encode())
        data = data.replace(PO, po)
        data = BASE64_PART.sub(lambda m: m.group(1) + reencode(base64.b64decode(m.group(2)).replace(PO, po)) + m.group(3), data)
        file.seek(0)
        file.write(data)
        file.truncate()
    count += 1
print(count)
