#!/usr/bin/env python3
"""Writes examples/inbox/: a dozen realistic order emails and files for the example desk.

The files are committed; this script documents how each was made (charsets, encodings) and
can rebuild them: python3 scripts/make-example-inbox.py examples/inbox
"""
import json
import os
import sys
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase
from email.header import Header
from email.utils import formataddr
from email import encoders, policy

out = sys.argv[1] if len(sys.argv) > 1 else "examples/inbox"
os.makedirs(out, exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name), "wb") as handle:
        handle.write(data)


CODECS = {"gb2312": "gbk", "big5": "big5", "utf-8": "utf-8", "us-ascii": "ascii"}


def encoded_word(text, label):
    """An RFC 2047 B word labelled exactly as mailers write it (Python would say big5_tw)."""
    if all(ord(c) < 128 for c in text):
        return text
    import base64
    return "=?%s?B?%s?=" % (label, base64.b64encode(text.encode(CODECS[label])).decode())


def text_message(charset, cte, subject, sender, body, date, msgid, to="Mingcheng Orders <orders@mingcheng.example>", extra=None, subtype="plain"):
    msg = MIMEBase("text", subtype)
    msg.set_param("charset", charset)
    payload = body.encode(CODECS[charset])
    msg.set_payload(payload)
    if cte == "base64":
        encoders.encode_base64(msg)
    elif cte == "qp":
        import quopri
        msg.set_payload(quopri.encodestring(payload).decode("ascii"))
        msg["Content-Transfer-Encoding"] = "quoted-printable"
    else:
        msg.set_payload(body)
        msg["Content-Transfer-Encoding"] = "7bit" if all(ord(c) < 128 for c in body) else "8bit"
    msg["Subject"] = encoded_word(subject, charset)
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = date
    msg["Message-ID"] = msgid
    for key, value in (extra or {}).items():
        msg[key] = value
    return msg.as_bytes()


# 1. Traditional Chinese, Big5, quoted-printable, labelled item blocks.
body1 = """明誠您好，

我們要訂購以下文具，請協助安排出貨：

品名：A4影印紙
數量：10箱
單價：650

品名：藍色中性筆
數量：5盒
單價：180

訂單編號：HY-PO-20261120
付款方式：銀行轉帳
收貨地址：台北市信義區松仁路100號8樓
收貨人：陳偉 02-2720-1234
希望到貨日：2026年12月4日

謝謝！
陳偉
信義科技股份有限公司
"""
write("001-hsinyi-order-big5.eml", text_message("big5", "qp", "訂購單 HY-PO-20261120", encoded_word("陳偉", "big5") + " <chen.wei@hsinyi-tech.com.tw>", body1,
                                                  "Fri, 20 Nov 2026 09:12:40 +0800", "<20261120091240.4411@hsinyi-tech.com.tw>"))

# 2. Simplified Chinese, declared gb2312 (GBK bytes), base64, a plain-text table.
body2 = """您好：

请按下表发货，谢谢。

品名            数量      单价(人民币)
A4复印纸        20箱      130
透明胶带        50卷      5
订书机          4个       48

付款方式：电汇
收货地址：上海市浦东新区世纪大道88号12楼
收货人：李娜
交货日期：下周五

李娜
华信贸易有限公司
"""
write("002-huaxin-order-gbk.eml", text_message("gb2312", "base64", "采购订单 – 华信贸易", encoded_word("李娜", "gb2312") + " <li.na@huaxin-trading.cn>",
                                                 body2, "Mon, 23 Nov 2026 10:05:00 +0800", "<CAHx93kd02.huaxin@mail.huaxin-trading.cn>"))

# 3. English, multipart/alternative, item lines, PO and Net 30.
text3 = """Hello,

Please process the following order (PO NW-88231):

1. A4 Copy Paper 80gsm x 40 boxes @ 650
2. HP 26A Toner Cartridge x 6 pcs @ 2980
3. DL Envelopes (box of 100) x 10 boxes @ 320

Payment terms: Net 30
Ship to: 1200 Harbor Ave, Seattle, WA 98101, USA
Attn: Sarah Miller, +1 206 555 0134
Requested delivery date: 2026-12-10

Best regards,
Sarah Miller
Purchasing, Northwind Traders
"""
html3 = "<html><body>" + "".join(f"<p>{line}</p>" for line in text3.split("\n") if line) + "</body></html>"
m3 = MIMEMultipart("alternative")
m3.attach(MIMEText(text3, "plain", "utf-8"))
m3.attach(MIMEText(html3, "html", "utf-8"))
m3["Subject"] = "Purchase Order NW-88231"
m3["From"] = "Sarah Miller <purchasing@northwind.example>"
m3["To"] = "orders@mingcheng.example"
m3["Date"] = "Tue, 24 Nov 2026 08:30:00 -0800"
m3["Message-ID"] = "<nw-88231.1764001800@northwind.example>"
write("003-northwind-order.eml", m3.as_bytes())

# 4. English, pipe table, price that differs from the list price.
body4 = """Hi team,

Please ship the following to our Kowloon store:

| SKU        | Description             | Qty | Unit Price |
|------------|-------------------------|-----|------------|
| NTB-B5-60  | B5 Notebook 60 pages    | 200 | 42         |
| LBL-A4-65  | A4 Labels 65 per sheet  | 15  | 390        |

Payment: bank transfer (T/T)
Currency: TWD
Deliver by 15 December 2026.

Thanks,
Tony Leung
Kowloon Office Supplies Ltd
"""
write("004-kowloon-table.eml", text_message("us-ascii", "7bit", "Order for December", "Tony Leung <orders@kowloon-office.hk>", body4,
                                              "Wed, 25 Nov 2026 11:45:00 +0800", "<9f1c2e7a-kowloon@kowloon-office.hk>"))

# 5. Traditional Chinese, HTML only, UTF-8, an HTML table.
html5 = """<html><head><style>td{padding:4px}</style></head><body>
<p>明誠業務您好：</p>
<p>本工作室訂購如下，請貨到付款。</p>
<table border="1">
<tr><th>產品名稱</th><th>數量</th><th>單價</th></tr>
<tr><td>L型資料夾</td><td>30包</td><td>95</td></tr>
<tr><td>A3影印紙</td><td>2箱</td><td>1150</td></tr>
</table>
<p>送貨地址：台中市西區公益路200號</p>
<p>聯絡人：王芳&nbsp;04-2326-7788</p>
<p>王芳 敬上<br>綠葉設計工作室</p>
</body></html>"""
m5 = MIMEText(html5, "html", "utf-8")
m5["Subject"] = str(Header("綠葉設計 訂貨", "utf-8"))
m5["From"] = formataddr((str(Header("王芳", "utf-8")), "wang.fang@greenleaf.com.tw"))
m5["To"] = "orders@mingcheng.example"
m5["Date"] = "Thu, 26 Nov 2026 14:20:00 +0800"
m5["Message-ID"] = "<greenleaf-20261126-1420@greenleaf.com.tw>"
write("005-greenleaf-html-order.eml", m5.as_bytes())

# 6. A new customer, English prose, no ship-to on file.
body6 = """Hello,

We are a new office in Taipei. Please send us 20 boxes of A4 paper and 10 rolls of clear tape.
We will pay by credit card.

Delivery address: 5F, No. 18, Section 1, Zhongxiao West Road, Zhongzheng District, Taipei City
Phone: 02-2388-0000

Kind regards,
Emily Lin
Brightpath Consulting
"""
write("006-new-customer-prose.eml", text_message("utf-8", "7bit", "New order", "Emily Lin <emily.lin@brightpath.example>", body6,
                                                   "Thu, 26 Nov 2026 16:02:10 +0800", "<CAM2brightpath.emily.001@mail.brightpath.example>"))

# 7. Traditional Chinese, a product not in the catalog.
body7 = """您好，

追加訂購：
1. 釘書機 6個
2. 白板筆 黑色 12支

付款方式：銀行轉帳
交貨日期：12/03/2026

陳偉
"""
write("007-hsinyi-unknown-product.eml", text_message("utf-8", "base64", "追加訂購", formataddr((str(Header("陳偉", "utf-8")), "chen.wei@hsinyi-tech.com.tw")), body7,
                                                      "Fri, 27 Nov 2026 10:10:00 +0800", "<20261127101000.5512@hsinyi-tech.com.tw>"))

# 8. A change request that refers to an earlier order of ours.
body8 = """Hi,

Regarding our order SO-2026-00003, could you please change the quantity of A4 paper from 40 to 50 boxes?

Thanks,
Sarah

On Tue, 24 Nov 2026 at 18:00, Mingcheng Orders <orders@mingcheng.example> wrote:
> Thank you for your order SO-2026-00003.
"""
write("008-northwind-change.eml", text_message("utf-8", "7bit", "Re: Order confirmation SO-2026-00003", "Sarah Miller <purchasing@northwind.example>", body8,
                                                 "Fri, 27 Nov 2026 09:00:00 -0800", "<nw-change-1764262800@northwind.example>",
                                                 extra={"In-Reply-To": "<20261124180000.SO-2026-00003@mingcheng.example>",
                                                        "References": "<nw-88231.1764001800@northwind.example> <20261124180000.SO-2026-00003@mingcheng.example>"}))

# 9. An out-of-office auto-reply: never an order, never answered.
body9 = "I am out of the office until 1 December with limited access to email.\n"
write("009-auto-reply.eml", text_message("utf-8", "7bit", "Automatic reply: Order confirmation", "Zhang Min <zhang.min@jiahe-edu.cn>", body9,
                                           "Sat, 28 Nov 2026 08:00:00 +0800", "<autoreply-1764288000@jiahe-edu.cn>",
                                           extra={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}))

# 10. A CSV order dropped on the folder by a customer's ERP.
csv10 = """customer_email,purchase_order,sku,description,quantity,unit_price,ship_to,requested_date
zhang.min@jiahe-edu.cn,JH-2026-1107,PAP-A4-80,A4复印纸,15,650,深圳市南山区科技园南路15号,2026-12-08
zhang.min@jiahe-edu.cn,JH-2026-1107,NTB-B5-60,B5笔记本,120,45,,
zhang.min@jiahe-edu.cn,JH-2026-1107,PEN-GEL-BL,蓝色中性笔,10,180,,
"""
write("010-jiahe-erp-order.csv", csv10.encode("utf-8"))

# 11. A JSON order from a web shop integration.
json11 = {
    "customer": {"email": "orders@kowloon-office.hk", "name": "Tony Leung"},
    "purchaseOrder": "KOS-WEB-5531",
    "currency": "TWD",
    "lines": [{"sku": "TAP-CLR-18", "quantity": 100}, {"sku": "STP-24-6", "quantity": 12, "unitPrice": "240"}],
    "paymentMethod": "bank_transfer",
    "shipTo": {"recipient": "Tony Leung", "address": "Unit 5, 8/F, 123 Nathan Road, Kowloon, Hong Kong", "phone": "+852 2345 6789"},
    "requestedDeliveryDate": "2026-12-14",
}
write("011-kowloon-webshop.json", (json.dumps(json11, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

# 12. An order an assistant typed from a phone call.
txt12 = """電話訂單（助理記錄）
Email: wang.fang@greenleaf.com.tw
公司：綠葉設計工作室

品名：B5筆記本
數量：二十本

品名：透明膠帶
數量：十捲

付款方式：貨到付款
送貨地址：台中市西區公益路200號
"""
write("012-phone-order.txt", txt12.encode("utf-8"))

# 13. A complaint about a delivered order, Simplified Chinese.
body13 = """你好，

我们昨天收到订单 SO-2026-00002 的货，其中两箱A4复印纸破损严重，请尽快处理。

李娜
"""
write("013-huaxin-complaint.eml", text_message("utf-8", "base64", "投诉：货物破损", "li.na@huaxin-trading.cn", body13,
                                                 "Sat, 28 Nov 2026 15:30:00 +0800", "<CAHx93kd77.huaxin@mail.huaxin-trading.cn>"))
print("wrote", len(os.listdir(out)), "files to", out)
