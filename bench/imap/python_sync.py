#!/usr/bin/env python3
"""The Python peer of intake's first sync: imaplib fetches every message of a mailbox with
BODY.PEEK[] and email parses it and decodes its text. No store, no extraction: intake does
strictly more work.

Two ways to fetch: `batched` asks for 1,000 UIDs per UID FETCH, as intake does (the same fetch);
`each` sends one UID FETCH per message, as most imaplib scripts do.

usage: python_sync.py HOST PORT USER PASSWORD CA_FILE MAILBOX [batched|each]
  -> prints: messages seconds peak_rss_kb
"""
import email
import imaplib
import resource
import ssl
import sys
import time
from email import policy

host, port, user, password, ca, mailbox = sys.argv[1:7]
mode = sys.argv[7] if len(sys.argv) > 7 else "batched"
BATCH = 1000


def parse(raw):
    message = email.message_from_bytes(raw, policy=policy.default)
    body = message.get_body(("plain", "html"))
    if body is not None:
        body.get_content()


start = time.perf_counter()
context = ssl.create_default_context(cafile=ca)
imap = imaplib.IMAP4(host, int(port))
imap.starttls(ssl_context=context)
imap.login(user, password)
imap.select(mailbox, readonly=True)
_, data = imap.uid("SEARCH", None, "ALL")
uids = data[0].split()
count = 0
if mode == "each":
    for uid in uids:
        _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        parse(parts[0][1])
        count += 1
else:
    for first in range(0, len(uids), BATCH):
        _, parts = imap.uid("FETCH", b",".join(uids[first:first + BATCH]), "(BODY.PEEK[])")
        for part in parts:
            if isinstance(part, tuple):
                parse(part[1])
                count += 1
imap.logout()
elapsed = time.perf_counter() - start
print(count, "%.3f" % elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
