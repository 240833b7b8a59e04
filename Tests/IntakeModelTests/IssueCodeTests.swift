import Foundation
import IntakeModel
import Testing

@Suite struct IssueCodeTests {
    @Test func encodesAsThePlainString() throws {
        let issue = Issue(code: .priceMismatch, field: "lines[1].unitPrice", message: "m")
        let json = String(decoding: try SortedJSONEncoder().encode(issue), as: UTF8.self)
        #expect(json.contains(#""code":"price_mismatch""#), "\(json)")
        #expect(try JSONDecoder().decode(Issue.self, from: Data(json.utf8)) == issue)
    }

    @Test func decodesACodeThisVersionDoesNotDeclare() throws {
        let stored = #"{"code":"retired_code","field":null,"message":"from an older desk"}"#
        let issue = try JSONDecoder().decode(Issue.self, from: Data(stored.utf8))
        #expect(issue.code.rawValue == "retired_code")
        let written = String(decoding: try SortedJSONEncoder().encode(issue), as: UTF8.self)
        #expect(written.contains(#""code":"retired_code""#), "\(written)")
    }

    @Test func aCodeIsItsWord() {
        let issue = Issue(code: Issue.Code(rawValue: "confirmation_not_composed"), message: "m")
        #expect(issue.code == .confirmationNotComposed)
        #expect(issue.code == "confirmation_not_composed")
        #expect(issue.code != "confirmation")
        #expect([Issue.Code.unknownSKU, .noLines].joined(separator: ",") == "unknown_sku,no_lines")
    }
}
