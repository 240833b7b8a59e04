#!/usr/bin/env python3
"""Writes the MIME test corpus: one .eml per case in Tests/IntakeMIMETests/Corpus/ and
expected.json with the values a correct parser decodes from each (written here by hand from
what the case means, not taken from any parser).

usage: python3 scripts/make-mime-corpus.py [OUT_DIR]
"""
import base64
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "Tests/IntakeMIMETests/Corpus"
os.makedirs(out, exist_ok=True)
cases = []


def b64(data):
    return base64.b64encode(data).decode()


def word(text, charset, codec=None):
    return "=?%s?B?%s?=" % (charset, b64(text.encode(codec or charset)))


def add(name, raw, subject=None, from_=None, to=None, text=None, attachments=None, defects=None, date=None, message_id=None, note=""):
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(os.path.join(out, name + ".eml"), "wb") as handle:
        handle.write(data)
    cases.append({"file": name + ".eml", "subject": subject, "from": from_ or [], "to": to or [], "text": text,
                  "attachments": attachments or [], "defects": defects or [], "date": date, "messageId": message_id, "note": note})


def simple(charset, codec, text, cte="base64", declared=None, subject=None):
    body = text.encode(codec)
    encoded = b64(body) if cte == "base64" else body.decode("latin-1")
    return ("From: a@b.example\nSubject: %s\nContent-Type: text/plain; charset=%s\nContent-Transfer-Encoding: %s\n\n" % (
        subject or "x", declared or charset, cte)).encode() + encoded.encode("latin-1") + b"\n"


# Charsets, each with a sentence in its language.
for charset, codec, text in [
    ("utf-8", "utf-8", "訂購：A4影印紙 10箱 📦"),
    ("us-ascii", "ascii", "Please send 10 boxes."),
    ("iso-8859-1", "latin-1", "Grüße aus München, Lieferung nächste Woche."),
    ("windows-1252", "cp1252", "Price: €120 – “net” terms"),
    ("big5", "big5", "我們要訂購以下文具，請協助安排出貨。"),
    ("big5-hkscs", "big5hkscs", "香港九龍彌敦道，請送貨。"),
    ("gb2312", "gbk", "采购订单 – 请按下表发货。"),
    ("gbk", "gbk", "收货地址：上海市浦东新区。"),
    ("gb18030", "gb18030", "订书机 4个，𠀀 字也要。"),
    ("shift_jis", "cp932", "注文書：コピー用紙 10箱。"),
    ("euc-jp", "euc_jp", "来週金曜日までにお届けください。"),
    ("iso-2022-jp", "iso2022_jp", "注文書を送ります。"),
    ("euc-kr", "euc_kr", "주문서를 보냅니다."),
    ("koi8-r", "koi8_r", "Заказ на бумагу."),
]:
    add("charset-" + charset, simple(charset, codec, text), subject="x", from_=["a@b.example"], text=text)

add("charset-missing-gbk", b"From: a@b.example\nSubject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n" + "请按下表发货，谢谢。".encode("gbk") + b"\n",
    subject="x", from_=["a@b.example"], text="请按下表发货，谢谢。", defects=["charset_mismatch"], note="no charset: detected from the bytes")
add("charset-big5-labelled-utf8", simple("utf-8", "big5", "數量：10箱，單價：650", declared="utf-8"),
    subject="x", from_=["a@b.example"], text="數量：10箱，單價：650", defects=["charset_mismatch"], note="Big5 bytes under a utf-8 label")
add("charset-alias-x-gbk", simple("x-gbk", "gbk", "透明胶带 50卷"), subject="x", from_=["a@b.example"], text="透明胶带 50卷")
add("charset-alias-big-5", simple("big-5", "big5", "藍色中性筆"), subject="x", from_=["a@b.example"], text="藍色中性筆")
add("charset-alias-cp936", simple("cp936", "gbk", "订书机"), subject="x", from_=["a@b.example"], text="订书机")

# Headers.
big5 = "訂購單".encode("big5")
add("header-encoded-word-split-character",
    "From: a@b.example\nSubject: =?big5?B?%s?=\n =?big5?B?%s?=\n\nbody\n" % (b64(big5[:3]), b64(big5[3:])),
    subject="訂購單", from_=["a@b.example"], text="body", note="a Big5 character split across two encoded words")
add("header-q-encoding", "From: a@b.example\nSubject: =?utf-8?Q?Order_=E2=80=93_SO-2026-00001?=\n\nbody\n",
    subject="Order – SO-2026-00001", from_=["a@b.example"], text="body")
add("header-mixed-words-and-text", "From: a@b.example\nSubject: Re: %s SO-2026-00001\n\nbody\n" % word("訂單", "utf-8"),
    subject="Re: 訂單 SO-2026-00001", from_=["a@b.example"], text="body")
add("header-raw-8bit-utf8", "From: a@b.example\nSubject: 訂購 A4\n\nbody\n".encode("utf-8"),
    subject="訂購 A4", from_=["a@b.example"], text="body")
add("header-without-colon", "From: a@b.example\nthis line has no colon\nSubject: still here\n\nbody\n",
    subject="still here", from_=["a@b.example"], text="body", defects=["header_without_colon"])
add("header-folded", "From: a@b.example\nSubject: a long\n\tsubject folded\n  twice\n\nbody\n",
    subject="a long\tsubject folded  twice", from_=["a@b.example"], text="body", note="unfolding keeps the white space of the continuation")
add("header-duplicate-subject", "From: a@b.example\nSubject: first\nSubject: second\n\nbody\n",
    subject="first", from_=["a@b.example"], text="body", note="the first of duplicate headers counts")
add("addresses", 'From: "Miller, Sarah" <Sarah@Northwind.example>\nTo: %s <chen@hy.example>, bare@x.example (Name In Comment), broken-entry, Team: a@t.example, b@t.example;\nSubject: x\n\nbody\n' % word("陳偉", "utf-8"),
    subject="x", from_=["sarah@northwind.example"], to=["chen@hy.example", "bare@x.example", "a@t.example", "b@t.example"], text="body",
    note="display names with commas, encoded names, comments, groups; a broken entry is skipped")
add("date-standard", "From: a@b.example\nDate: Fri, 20 Nov 2026 09:12:40 +0800\nSubject: x\n\nbody\n", subject="x", from_=["a@b.example"], text="body", date="2026-11-20T01:12:40Z")
add("date-malformed", "From: a@b.example\nDate: 20-Nov-2026 09:12 +0800 (CST)\nSubject: x\n\nbody\n", subject="x", from_=["a@b.example"], text="body", date="2026-11-20T01:12:00Z")
add("date-named-zone-two-digit-year", "From: a@b.example\nDate: Fri, 20 Nov 26 09:12:40 PST\nSubject: x\n\nbody\n", subject="x", from_=["a@b.example"], text="body", date="2026-11-20T17:12:40Z")
add("message-id", "From: a@b.example\nMessage-ID:\n <20261120.SO-2026-00001@desk.example>\nSubject: x\n\nbody\n", subject="x", from_=["a@b.example"], text="body", message_id="20261120.SO-2026-00001@desk.example")

# Structure.
add("multipart-alternative", "From: a@b.example\nSubject: x\nContent-Type: multipart/alternative; boundary=\"XX\"\n\npreamble\n--XX\nContent-Type: text/plain; charset=utf-8\n\n數量 10\n--XX\nContent-Type: text/html; charset=utf-8\n\n<p>數量 10</p>\n--XX--\nepilogue\n",
    subject="x", from_=["a@b.example"], text="數量 10")
add("multipart-missing-final-boundary", "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\n--b\nContent-Type: text/csv; name=\"o.csv\"\nContent-Disposition: attachment; filename=\"o.csv\"\n\nsku,qty\n",
    subject="x", from_=["a@b.example"], text="first", attachments=[{"filename": "o.csv", "size": 9}], defects=["missing_final_boundary"], note="without a closing boundary the last part runs to the end, its final CRLF included")
add("multipart-boundary-lookalike", "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n--bx is not a boundary\n--b --\n--b--\n",
    subject="x", from_=["a@b.example"], text="--bx is not a boundary\n--b --", note="a line that only starts like the boundary is content")
add("html-only", "From: a@b.example\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n<html><head><style>p{}</style></head><body><p>品名 &amp; 數量</p><table><tr><td>A4</td><td>10</td></tr></table><script>x()</script></body></html>\n",
    subject="x", from_=["a@b.example"], text="品名 & 數量\nA4 | 10", note="HTML to text: blocks, rows, entities; scripts and styles dropped")
add("forwarded-message", "From: assistant@desk.example\nSubject: Fwd: order\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nsee below\n--o\nContent-Type: message/rfc822\n\nFrom: Buyer <buyer@customer.example>\nSubject: order\n\nQty: 5\n--o--\n",
    subject="Fwd: order", from_=["assistant@desk.example"], text="see below\nQty: 5")
add("delivery-report", "From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\nContent-Type: text/plain\n\nThe mail could not be delivered.\n--r\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--r--\n",
    subject="Undelivered Mail", from_=["mailer-daemon@mx.example"], text="The mail could not be delivered.", attachments=[{"filename": None, "size": 13}])
add("calendar-and-tnef", "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=c\n\n--c\nContent-Type: text/plain\n\nhi\n--c\nContent-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--c\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n%s\n--c--\n" % b64(b"TNEFDATA"),
    subject="x", from_=["a@b.example"], text="hi", attachments=[{"filename": None, "size": 30}, {"filename": "winmail.dat", "size": 8}],
    note="text/calendar and TNEF are kept as attachments, not read as body text")
add("rfc2231-filename", "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nsee file\n--f\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename*0*=UTF-8''%E8%A8%82; filename*1*=%E5%96%AE.csv\n\nabc\n--f--\n",
    subject="x", from_=["a@b.example"], text="see file", attachments=[{"filename": "訂單.csv", "size": 3}])
add("encoded-word-filename", "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nsee file\n--f\nContent-Type: application/pdf; name=\"%s\"\nContent-Disposition: attachment; filename=\"%s\"\n\nabc\n--f--\n" % (word("報價單.pdf", "utf-8"), word("報價單.pdf", "utf-8")),
    subject="x", from_=["a@b.example"], text="see file", attachments=[{"filename": "報價單.pdf", "size": 3}], note="Outlook puts RFC 2047 words in quoted file names")

# Transfer encodings.
add("base64-garbage", "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n5Lit!!5paH\n\n",
    subject="x", from_=["a@b.example"], text="中文", defects=["invalid_base64"])
add("base64-missing-padding", "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n%s\n" % b64("訂單".encode()).rstrip("="),
    subject="x", from_=["a@b.example"], text="訂單")
add("qp-soft-breaks-and-bad-escapes", "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n=E7=AE=B1 soft=\nbreak =ZZ end\n",
    subject="x", from_=["a@b.example"], text="箱 softbreak =ZZ end", defects=["invalid_quoted_printable"])

# Limits.
nested = "From: a@b.example\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
for level in range(60):
    nested += "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (level, level + 1)
add("nesting-too-deep", nested, subject="deep", from_=["a@b.example"], text=None, defects=["depth_limit"], note="endless nesting stops at limits.max_depth")

with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as handle:
    json.dump(cases, handle, ensure_ascii=False, indent=1)
print("wrote %d cases to %s" % (len(cases), out), file=sys.stderr)
