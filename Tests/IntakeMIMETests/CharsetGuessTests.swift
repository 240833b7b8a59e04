import Foundation
@testable import IntakeMIME
import Testing

/// Text without a declared charset: Big5 and GBK share byte ranges, so the one that decodes is
/// not always the one written.
@Suite struct CharsetGuessTests {
    /// Bytes of `text` in `charset`, through iconv the other way.
    func encoded(_ text: String, _ charset: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", charset]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test func gbkTextThatAlsoDecodesAsBig5IsReadAsGBK() throws {
        let text = "单据编号,存货名称,规格型号,数量,含税单价,收货地址,收货人\nXD-CG-20260420-03,热熔防水卷材,3mm,30,480.00,福建省厦门市湖里区,郑海峰\n"
        let bytes = try encoded(text, "GBK")
        // The trap: these bytes decode as Big5 without an error.
        #expect(Charset.decode(bytes, charset: "BIG5") != nil)
        #expect(Charset.decodeFirstFitting(bytes, fallbacks: ["BIG5", "GB18030"]) == text)
    }

    @Test func big5TextStaysBig5() throws {
        let text = "訂購單號,品名,數量,單價,送貨地址\nSM-1150526,延長線 6座12尺,20,380,高雄市三民區十全一路200號\n"
        let bytes = try encoded(text, "BIG5")
        #expect(Charset.decodeFirstFitting(bytes, fallbacks: ["BIG5", "GB18030"]) == text)
        #expect(Charset.commonCharacterScore(text) > 0)
    }

    @Test func aDeclaredCharsetAndUTF8ComeFirst() {
        #expect(Charset.decodeFirstFitting(Array("訂單".utf8), fallbacks: ["BIG5", "GB18030"]) == "訂單")
    }
}
