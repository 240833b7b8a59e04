#!/usr/bin/env python3
"""The Python peer of intake's first sync: imaplib fetches every message of a mailbox (one
UID FETCH BODY.PEEK[] per message, like intake's one URL per message) and email parses it and
decodes its text. No store, no extraction: intake does strictly more work.

usage: python_sync.py HOST PORT USER PASSWORD CA_FILE MAILBOX -> prints: messages seconds peak_rss_kb
"""
import email
import imaplib
import resource
import ssl
import sys
import time
from email import policy

host, port, user, password, ca, mailbox = sys.argv[1:7]
start = time.perf_counter()
context = ssl.create_default_context(cafile=ca)
imap = imaplib.IMAP4(host, int(port))
imap.starttls(ssl_context=context)
imap.login(user, password)
imap.select(mailbox, readonly=True)
_, data = imap.uid("SEARCH", None, "ALL")
uids = data[0].split()
count = 0
for uid in uids:
    _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = parts[0][1]
    message = email.message_from_bytes(raw, policy=policy.default)
    body = message.get_body(("plain", "html"))
    if body is not None:
        body.get_content()
    count += 1
imap.logout()
elapsed = time.perf_counter() - start
print(count, "%.3f" % elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
