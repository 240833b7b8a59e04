#!/usr/bin/env python3
"""The Python peer of `intake outbox send`: smtplib sends the same messages, read from the desk's
outbox, over one connection (STARTTLS, AUTH), one transaction per recipient like intake.

usage: python_send.py HOST PORT USER PASSWORD CA_FILE FROM DATABASE -> prints: messages seconds
"""
import smtplib
import sqlite3
import ssl
import sys
import time

host, port, user, password, ca, sender, database = sys.argv[1:8]
rows = sqlite3.connect(database).execute(
    "SELECT recipients, message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id ORDER BY id").fetchall()
start = time.perf_counter()
smtp = smtplib.SMTP(host, int(port))
smtp.starttls(context=ssl.create_default_context(cafile=ca))
smtp.login(user, password)
count = 0
for recipients, message in rows:
    for recipient in recipients.split(","):
        smtp.sendmail(sender, [recipient], message)
    count += 1
smtp.quit()
print(count, "%.3f" % (time.perf_counter() - start))
