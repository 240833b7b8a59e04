@testable import IntakeMIME
import Testing

/// The builder's last guard on its own: the other line-limit tests build messages, which this
/// guard makes short by refusing long ones, so they alone could not tell the guard works.
@Suite struct LineLengthGuardTests {
    func line(_ count: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "a"), count: count) }

    @Test func aLineOf998OctetsPassesAndOf999IsRefused() throws {
        try MessageBuilder.checkLineLengths(line(998) + [13, 10] + line(998))
        #expect(throws: MIMEError.self) { try MessageBuilder.checkLineLengths(line(10) + [13, 10] + line(999) + [13, 10]) }
        // The last line, without a line break after it, counts too; so does a bare LF line.
        #expect(throws: MIMEError.self) { try MessageBuilder.checkLineLengths(line(10) + [13, 10] + line(999)) }
        #expect(throws: MIMEError.self) { try MessageBuilder.checkLineLengths(line(999) + [10]) }
    }
}
