#!/usr/bin/env python3
"""Generates the MIME benchmark corpus: N realistic messages (default 10,000) in one folder.

Sizes follow real order mail: most are 5-60 KB (median about 20 KB: a text and an HTML
alternative, a quoted history, sometimes a small CSV or PDF-like attachment), about 1 % carry
an attachment of 1-3 MB, and a few percent are malformed (bad base64, missing final boundary,
wrong charset labels, header lines without a colon). Charsets: UTF-8, Big5, GBK under gb2312,
GB18030, Shift_JIS, ISO-8859-1. Deterministic for a given seed.

usage: make_corpus.py OUT_DIR [COUNT] [SEED]
"""
import base64
import os
import random
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261129)
os.makedirs(out, exist_ok=True)

TEXTS = {
    "utf-8": ("訂購單：A4影印紙 10箱，藍色中性筆 5盒。請於下週五前送達台北市信義區松仁路100號。謝謝！", "utf-8"),
    "big5": ("訂購單：A4影印紙 10箱，藍色中性筆 5盒。請於下週五前送達台北市信義區松仁路100號。謝謝！", "big5"),
    "gb2312": ("采购订单：A4复印纸 20箱，透明胶带 50卷 – 请于下周五前送达上海市浦东新区世纪大道88号。", "gbk"),
    "gb18030": ("采购订单：A4复印纸 20箱，订书机 4个。收货地址：深圳市南山区科技园南路15号。", "gb18030"),
    "shift_jis": ("注文書：A4コピー用紙 10箱、ボールペン 5箱。来週金曜日までにお届けください。", "cp932"),
    "iso-8859-1": ("Bestellung: 10 Kartons Kopierpapier A4, Lieferung bis nächsten Freitag. Grüße", "latin-1"),
    "us-ascii": ("Please send 40 boxes of A4 copy paper and 6 HP 26A toner cartridges by next Friday.", "ascii"),
}
WEIGHTS = [("utf-8", 40), ("us-ascii", 20), ("big5", 12), ("gb2312", 12), ("gb18030", 6), ("shift_jis", 5), ("iso-8859-1", 5)]


def pick_charset():
    total = sum(w for _, w in WEIGHTS)
    r = rng.uniform(0, total)
    for name, weight in WEIGHTS:
        r -= weight
        if r <= 0:
            return name
    return "utf-8"


def encoded_word(text, label, codec):
    raw = text.encode(codec, errors="replace")
    if all(b < 128 for b in raw):
        return text
    words, chunk = [], b""
    for ch in text:
        piece = ch.encode(codec, errors="replace")
        if len(chunk) + len(piece) > 30:
            words.append(chunk)
            chunk = b""
        chunk += piece
    words.append(chunk)
    return " ".join("=?%s?B?%s?=" % (label, base64.b64encode(w).decode()) for w in words)


def qp(data):
    out, line = [], b""
    for byte in data:
        piece = bytes([byte]) if (33 <= byte <= 126 and byte != 61) or byte == 32 else b"=%02X" % byte
        if byte == 10:
            out.append(line)
            line = b""
            continue
        if len(line) + len(piece) > 75:
            out.append(line + b"=")
            line = b""
        line += piece
    out.append(line)
    return b"\r\n".join(out)


def b64(data):
    text = base64.b64encode(data)
    return b"\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def body_text(label, codec, target):
    base, _ = TEXTS[label]
    lines = []
    size = 0
    n = 0
    while size < target:
        n += 1
        line = "%d. %s" % (n, base) if n % 3 else "> %s" % base
        lines.append(line)
        size += len(line.encode(codec, errors="replace"))
    return "\n".join(lines)


def message(index):
    label = pick_charset()
    base, codec = TEXTS[label]
    malformed = rng.random() < 0.04
    size = int(min(max(rng.lognormvariate(9.3, 0.6), 3000), 120000))  # median about 20 KB
    text = body_text(label, codec, size // 2)
    html = "<html><body><table>" + "".join("<tr><td>%s</td></tr>" % line for line in text.split("\n")[:200]) + "</table></body></html>"
    boundary = "b%08x" % rng.getrandbits(32)
    alt = "a%08x" % rng.getrandbits(32)
    subject = encoded_word("Order %d %s" % (index, base[:12]), label if label != "us-ascii" else "utf-8", codec if label != "us-ascii" else "utf-8")
    headers = [
        "Return-Path: <buyer%d@customer.example>" % index,
        "Received: from mail.customer.example (mail.customer.example [192.0.2.%d]) by mx.desk.example with ESMTPS id %x; Mon, 23 Nov 2026 10:%02d:00 +0800" % (index % 250, index, index % 60),
        "From: %s <buyer%d@customer.example>" % (encoded_word("採購 陳偉", "utf-8", "utf-8"), index),
        "To: Orders <orders@desk.example>, \"Sales, Team\" <sales@desk.example>",
        "Subject: " + subject,
        "Date: Mon, 23 Nov 2026 10:%02d:%02d +0800" % (index % 60, index % 60),
        "Message-ID: <%d.%x@customer.example>" % (index, rng.getrandbits(40)),
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"%s\"" % boundary,
    ]
    if malformed and rng.random() < 0.5:
        headers.insert(3, "this header line has no colon")
    cte_text = rng.choice(["quoted-printable", "base64", "8bit"]) if label not in ("us-ascii",) else "7bit"
    declared = label
    if malformed and rng.random() < 0.5 and label in ("big5", "gb2312"):
        declared = "utf-8"  # wrong label
    encoded_text = text.replace("\n", "\r\n").encode(codec, errors="replace")
    if cte_text == "quoted-printable":
        encoded_text = qp(text.encode(codec, errors="replace"))
    elif cte_text == "base64":
        encoded_text = b64(text.encode(codec, errors="replace"))
        if malformed and rng.random() < 0.5:
            encoded_text = encoded_text[:-3] + b"!!"
    parts = [
        ("--%s\r\nContent-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n" % (boundary, alt)).encode(),
        ("--%s\r\nContent-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (alt, declared, cte_text)).encode() + encoded_text + b"\r\n",
        ("--%s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" % alt).encode() + b64(html.encode()) + b"\r\n",
        ("--%s--\r\n" % alt).encode(),
    ]
    roll = rng.random()
    if roll < 0.01:
        blob = bytes(rng.getrandbits(8) for _ in range(rng.randint(1_000_000, 3_000_000)))
        parts.append(("--%s\r\nContent-Type: application/pdf; name=\"spec.pdf\"\r\nContent-Disposition: attachment; filename=\"spec.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" % boundary).encode() + b64(blob) + b"\r\n")
    elif roll < 0.35:
        csv = "sku,description,quantity,unit_price\n" + "\n".join("PAP-A4-80,A4影印紙,%d,650" % (i + 1) for i in range(rng.randint(3, 200)))
        parts.append(("--%s\r\nContent-Type: text/csv; charset=utf-8\r\nContent-Disposition: attachment; filename*=UTF-8''%%E8%%A8%%82%%E5%%96%%AE.csv\r\nContent-Transfer-Encoding: base64\r\n\r\n" % boundary).encode() + b64(csv.encode()) + b"\r\n")
    if not (malformed and rng.random() < 0.5):
        parts.append(("--%s--\r\n" % boundary).encode())
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + b"This is a multi-part message in MIME format.\r\n" + b"".join(parts)


total = 0
for index in range(count):
    data = message(index)
    total += len(data)
    with open(os.path.join(out, "%05d.eml" % index), "wb") as handle:
        handle.write(data)
print("wrote %d messages, %.1f MB, to %s" % (count, total / 1e6, out), file=sys.stderr)
