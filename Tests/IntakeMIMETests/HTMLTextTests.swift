import Foundation
@testable import IntakeMIME
import IntakeTestSupport
import Testing

/// HTML read byte by byte must read as the character-by-character reading does, wherever the
/// byte reading answers; where it cannot vouch (other scalars) it must leave the HTML to it.
@Suite struct HTMLTextTests {
    static let crafted = [
        "<style>p{}</style><table><tr><th>品名</th><th>數量</th></tr><tr><td>A4&nbsp;紙</td><td>10</td></tr></table><script>x()</script>",
        "<p>您好，</p><div>請出貨：<br>A4影印紙　10箱</div>", "a<!-- c -->b<!---->c<!-- x", "<P>Hi</P >\r\n<BR/>there", "<p中>x</p中><p>y",
        "<ＴＲ><td>1</td>", "&amp;&lt;&gt;&quot;&#39;&#x41;&#20013;&#12288;x&unknown;&amp", "&#769;", "&#13;\n", "&yen;5 &euro;6 &hellip;",
        "<td>a</td><td>b</td></tr><tr><td>c", "<head><title>t</title></head><body>ok</body>", "<script>if (a<b) {}</script>after", "</style>x",
        "<li>one<li>two", "text without tags", "", "<", ">", "&", "&;", "&#;", "&#x;", "<p>  spaced   words  </p>", "\r\n\r\n", "　　", "<p>é</p>",
        "<ul><li>A4 紙 x 10</li><li>筆 x 5</li></ul>", "<h1>Title</h1><p>para</p><hr><address>Taipei</address>", "tab\tand\u{0B}vt", "&NBSP;x",
        "<td>１</td><td>２</td>", "— – “quoted” • bullet。【x】", "&#xFFFF;", "&#65533;", "<p>\u{1F44D}</p>",
    ]

    static var corpus: [String] {
        var texts: [String] = []
        for folder in ["Tests/IntakeMIMETests/Corpus", "examples/inbox", "fixtures/eval/messages"] {
            let directory = Repository.path(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".eml") {
                guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"), let message = try? MIMEParser().parse(Array(data)) else { continue }
                for part in message.root.allParts where part.contentType.subtype == "html" {
                    texts.append(part.decodedText().text)
                }
            }
        }
        return texts
    }

    @Test func byteReadingIsTheCharacterReading() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<p>", "</p>", "<br>", "<td>", "</td>", "<tr>", "<script>", "</script>", "<!--", "-->", "&amp;", "&nbsp;", "&#20013;", "&", ";", "<", ">",
                      "品名", "數量", "　", " ", "\r\n", "\n", "A4", "x", "１", "。", "ｐ", "é"]
        let generated = (0..<3000).map { _ in (0..<Int.random(in: 1...16, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() }
        var answered = 0
        for html in Self.crafted + Self.corpus + generated {
            guard let fast = HTMLText.byteText(fromHTML: html) else { continue }
            #expect(Array(fast.utf8) == Array(HTMLText.characterText(fromHTML: html).utf8), "\(html.debugDescription)")
            answered += 1
        }
        #expect(answered > 2000)
        // What it cannot vouch for is left to the character reading.
        #expect(HTMLText.byteText(fromHTML: "<p>é</p>") == nil)
        #expect(HTMLText.byteText(fromHTML: "a&#769;") == nil)
        #expect(HTMLText.byteText(fromHTML: "<p>您好</p>") == "您好")
    }

    /// Thousands of unclosed comments (hostile HTML): one failed search for their end, not one
    /// per comment, in both readings (each search ran to the end of the text: 15,000 such
    /// comments took 11 s to extract).
    @Test func unclosedCommentsAreSearchedPastOnce() {
        let unclosed = String(repeating: "<!-- x>", count: 20000)
        #expect(HTMLText.byteText(fromHTML: unclosed + "<p>A4 紙 10</p>") == "A4 紙 10")
        #expect(HTMLText.characterText(fromHTML: unclosed + "<p>A4 紙 10</p>é") == "A4 紙 10\né")
        // A later "-->" still closes the first of them, and all in between is comment.
        #expect(HTMLText.byteText(fromHTML: unclosed + "<p>A4</p><!-- c -->done") == "done")
    }
}

/// Outlook's tables: a paragraph in every cell (`<p class=MsoNormal>`), which must not break a
/// row into lines; a cell that lays out a page keeps its lines.
@Suite struct HTMLCellTests {
    @Test func paragraphsInsideCellsKeepARowOnOneLine() {
        let html = """
            <table><tr><td><p class=MsoNormal><b>Item</b><o:p></o:p></p></td><td><p class=MsoNormal>Qty</p></td></tr>
            <tr><td><p class=MsoNormal>MJ-F-TI-4821</p><p>black</p></td><td><p class=MsoNormal>12&nbsp;pcs<o:p></o:p></p></td></tr></table>
            <p>Thanks</p>
            """
        #expect(HTMLText.text(fromHTML: html) == "Item | Qty\nMJ-F-TI-4821 black | 12 pcs\nThanks")
        #expect(HTMLText.characterText(fromHTML: html) == HTMLText.text(fromHTML: html))
    }

    @Test func aLongCellThatLaysOutThePageKeepsItsLines() {
        let sentence = "We would like to order the following items for our shop this month, please."
        let html = "<table><tr><td><p>Dear team,</p><p>\(sentence)</p><p>\(sentence)</p><p>Regards</p></td></tr></table>"
        #expect(HTMLText.text(fromHTML: html) == "Dear team,\n\(sentence)\n\(sentence)\nRegards")
        #expect(HTMLText.characterText(fromHTML: "<td>a\u{2}b</td>") == "ab")
    }
}
