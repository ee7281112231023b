#!/usr/bin/env python3
"""Writes the hostile-input corpus of this folder (run from anywhere; the files are committed, so this is only
needed to change them). The 10 MB single field is not here: crates/cli/tests/hostile.rs generates it."""
import os
import zlib
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = "order_id,order_date,email,order_total,product_name\n"
EC_CUBE = "注文ID,受注日,会員ID,メールアドレス,合計,対応状況(名称),商品名,個数,価格\n"
EC_ROWS = ("1,2024-01-05 10:00:00,7,sakura@example.jp,1200,発送済み,コーヒー豆,1,1200\n"
           "2,2024-01-06 10:00:00,8,kaede@example.jp,800,発送済み,ドリップバッグ,1,800\n")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def png():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


write("shift-jis.csv", (EC_CUBE + EC_ROWS).encode("cp932"))
write("utf-8-japanese.csv", EC_CUBE + EC_ROWS)
# A UTF-8 export with one row pasted in from a Shift_JIS file (line 3).
write("mixed-encodings.csv", (EC_CUBE + EC_ROWS.splitlines()[0] + "\n").encode()
      + "3,2024-01-07 10:00:00,9,momiji@example.jp,500,発送済み,抹茶,1,500\n".encode("cp932"))
write("ragged-rows.csv", HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp\n"
      + "3,2024-01-07,c@example.jp,3000,Tea,surplus\n"
      + "4,2024-01-08,d@example.jp,4000,Tea,,\n")
# Line 2's stray quote is a literal character; line 3's opens a field that is never closed.
write("unbalanced-quote.csv", HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea 12\" tin\n"
      + "2,2024-01-06,b@example.jp,2000,\"Tea 12 tin\n"
      + "3,2024-01-07,c@example.jp,3000,Tea\n"
      + "4,2024-01-08,d@example.jp,4000,Tea\n")
# Downloads cut off inside a character: a UTF-8 file larger than the encoding sniffer's 64 KiB prefix, cut in
# the middle of ー on line 1002, and a Shift_JIS file cut between the two bytes of 茶 on line 4.
CUT_ROWS = "".join(f"{i},2024-01-{i % 28 + 1:02} 10:00:00,{i % 50 + 1},m{i % 50 + 1}@example.jp,1000,発送済み,コーヒー豆,1,1000\n"
                   for i in range(1, 1001))
write("cut-utf-8.csv", (EC_CUBE + CUT_ROWS + "1001,2024-02-01 10:00:00,3,m3@example.jp,1000,発送済み,コー").encode()[:-2])
write("cut-shift-jis.csv", (EC_CUBE + EC_ROWS + "3,2024-01-07 10:00:00,9,momiji@example.jp,500,発送済み,抹茶").encode("cp932")[:-1])
write("header-only.csv", HEAD)
write("empty.csv", b"")
write("binary.png", png())
# Not text in any encoding, and without NUL bytes (so not caught as binary by them).
write("random-bytes.bin", bytes((i * 73 + 41) % 255 + 1 for i in range(512)))
write("dates-out-of-range.csv", HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,1900-01-01,b@example.jp,2000,Tea\n"
      + "3,2098-04-01,c@example.jp,3000,Tea\n"
      + "4,2150-01-01,d@example.jp,4000,Tea\n"
      + "5,0001-01-01,e@example.jp,5000,Tea\n")
write("amounts.csv", HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,-500,Refund adjustment\n"
      + "3,2024-01-07,c@example.jp,99999999999999999999,Tea\n"
      + "4,2024-01-08,d@example.jp,1e9,Tea\n"
      + "5,2024-01-09,e@example.jp,\"12,345.5\",Tea\n"
      + "6,2024-01-10,f@example.jp,900000000000000,Tea\n"
      + "7,2024-01-11,f@example.jp,900000000000000,Tea\n")
write("mixed-currencies.csv", "order_id,order_date,email,order_total,currency\n"
      + "1,2024-01-05,a@example.jp,1000,JPY\n"
      + "2,2024-01-06,b@example.jp,12.50,USD\n"
      + "3,2024-01-07,c@example.jp,2000,円\n")
write("duplicates.csv", HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,2000,Tea\n"
      + "1,2024-01-05,a@example.jp,1000,Tea\n")
write("duplicates-reexport.csv", HEAD
      + "2,2024-01-06,b@example.jp,2000,Tea\n"
      + "3,2024-01-07,c@example.jp,3000,Tea\n")
write("formulas.csv", "order_id,order_date,customer_id,email,phone,order_total,product_name\n"
      + "1,2024-01-05,\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",a@example.jp,,1000,=1+2\n"
      + "2,2024-01-06,+81 90 1234 5678,,+81 90 1234 5678,2000,+SUM(A1)\n"
      + "3,2024-01-07,@SUM(A1:A9),,,3000,@SUM(1)\n"
      + "4,2024-01-08,-2+3,,,4000,-1\n")
write("script-names.csv", "order_id,order_date,customer_id,order_total,product_id,product_name\n"
      + "1,2024-01-05,<script>alert('key')</script>,1000,P1,<script>alert('product')</script>\n"
      + "2,2024-01-06,<img src=x onerror=alert('key')>,2000,P2,<img src=x onerror=alert('product')>\n"
      + "3,2024-02-06,<script>alert('key')</script>,1500,P2,<img src=x onerror=alert('product')>\n")
# File shapes users really have. Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab-separated,
# CRLF (line 4's date does not exist).
write("unicode-text.csv", b"\xff\xfe" + (EC_CUBE + EC_ROWS
      + "3,2024-02-30 10:00:00,9,momiji@example.jp,500,発送済み,抹茶,1,500\n")
      .replace(",", "\t").replace("\n", "\r\n").encode("utf-16-le"))
# UTF-16 LE without a byte-order mark, cut between the two halves of the last row's 🍵 (a surrogate pair).
write("utf-16-cut.csv", (HEAD + "1,2024-01-05,a@example.jp,1000,Tea\n2,2024-01-06,b@example.jp,2000,Tea 🍵")
      .replace(",", "\t").encode("utf-16-le")[:-2])
# Excel's sep= line, then semicolons (a comma in an unquoted field is text; line 4's total is not a number).
write("sep-semicolon.csv", "sep=;\n" + HEAD.replace(",", ";")
      + "1;2024-01-05;a@example.jp;1000;Tea, green\n"
      + "2;2024-01-06;b@example.jp;abc;Tea\n")
# A title, a date line and a blank line before the header row (line 6's total is not a number).
write("title-lines.csv", "注文データ,,,,\n出力日: 2024-03-01\n\n" + HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,x,Tea\n")
# Classic Mac OS line ends, CR only, one inside a quoted name (line 5's month does not exist).
write("mac-line-ends.csv", (HEAD
      + "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,2000,\"Tea\ngift box\"\n"
      + "3,2024-13-01,c@example.jp,500,Tea\n").replace("\n", "\r"))
# NUL bytes padding an e-mail, inside an amount, and padding the end of the file.
write("nul-bytes.csv", HEAD
      + "1,2024-01-05,a@example.jp\0\0,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,2\0" + "00,Tea\n" + "\0" * 64)
# No header row: the first line is data (line 2's total is not a number).
write("no-header.csv", "1,2024-01-05,a@example.jp,1000,Tea\n"
      + "2,2024-01-06,b@example.jp,x,Tea\n"
      + "3,2024-02-01,a@example.jp,500,Tea\n")
