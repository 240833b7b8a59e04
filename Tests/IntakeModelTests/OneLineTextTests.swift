import IntakeModel
import Testing

/// Names that go into headers and labels are one line, whatever a customer's system sent.
@Suite struct OneLineTextTests {
    @Test func lineBreaksAndControlsBecomeSingleSpaces() {
        #expect(OneLineText.clean("Tony\r\nBcc: victim@evil.example") == "Tony Bcc: victim@evil.example")
        #expect(OneLineText.clean("陳\u{85}偉\u{2028}先生\t") == "陳 偉 先生")
        #expect(OneLineText.clean("  a \u{0}\u{7F}\u{9F} b  ") == "a b")
    }

    @Test func cleanTextIsUnchangedAndEmptyBecomesNil() {
        #expect(OneLineText.clean("Tony Leung") == "Tony Leung")
        #expect(OneLineText.clean("信義科技股份有限公司") == "信義科技股份有限公司")
        #expect(OneLineText.clean(nil) == nil)
        #expect(OneLineText.clean("") == nil)
        #expect(OneLineText.clean("\r\n \t") == nil)
    }
}
