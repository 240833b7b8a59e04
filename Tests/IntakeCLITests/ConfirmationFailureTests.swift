import Foundation
import IntakeTestSupport
import Testing

/// A customer's name is one line wherever it came from, and a confirmation that cannot be
/// composed sends its order back to the queue with the reason instead of failing on every run.
@Suite(.serialized) struct ConfirmationFailureTests {
    func jsonOrder(name: String) throws -> String {
        let object: [String: Any] = [
            "customer": ["email": "orders@kowloon-office.hk", "name": name],
            "purchaseOrder": "KOS-WEB-9001", "currency": "TWD",
            "lines": [["sku": "TAP-CLR-18", "quantity": 100]],
            "paymentMethod": "bank_transfer",
            "shipTo": ["recipient": name, "address": "Unit 5, 8/F, 123 Nathan Road, Kowloon, Hong Kong", "phone": "+852 2345 6789"],
            "requestedDeliveryDate": "2026-12-14",
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func aNameWithLineBreaksIsConfirmedOnOneLine() throws {
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/webshop.json", try jsonOrder(name: "Tony\r\nBcc: victim@evil.example\u{85}Leung"))
        let run = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(!run.stdout.contains("not confirmed"), "\(run.stdout)")
        let sent = desk.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }
        try #require(sent.count == 1, "\(run.stdout)")
        let message = try String(contentsOfFile: desk.folder.file("data/outgoing/\(sent[0])"), encoding: .utf8)
        let headers = message.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headers.lowercased().contains("\r\nbcc:"), "\(headers)")
        #expect(headers.contains("Tony Bcc: victim@evil.example Leung"), "\(headers)")
    }

    @Test func aConfirmationThatCannotBeComposedGoesBackToTheQueue() throws {
        let desk = try TestDesk(withExamples: false)
        // A copy of the templates with the confirmation's text broken (an unclosed section).
        let templates = try desk.copyTemplates()
        for language in ["en", "zh-TW", "zh-CN"] {
            desk.folder.write("templates/confirmation/\(language)/body.txt", "{{#customerName}}\nnever closed\n")
        }
        desk.folder.write("inbox/webshop.json", try jsonOrder(name: "Tony Leung"))

        let poll = try IntakeProcess.run(["--config", desk.configDirectory, "poll"])
        #expect(poll.stdout.contains("orders SO-2026-00001"), "\(poll.stdout)")
        let confirm = try IntakeProcess.run(["--config", desk.configDirectory, "confirm"])
        #expect(confirm.status == 5, "\(confirm.stdout) \(confirm.stderr)")
        #expect(confirm.stdout.contains("SO-2026-00001: not confirmed: "), "\(confirm.stdout)")
        // The file, the line and the fault in words, not the template library's error value.
        #expect(confirm.stdout.contains("confirmation/en/body.txt line 1: {{#customerName}} is never closed; add {{/customerName}}"), "\(confirm.stdout)")
        #expect(!confirm.stdout.contains("ParserError"), "\(confirm.stdout)")
        let show = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "list", "--json"])
        #expect(show.stdout.contains("confirmation_not_composed"), "\(show.stdout)")
        #expect(show.stdout.contains("needs_review"), "\(show.stdout)")
        // Not retried silently: the next run has nothing to confirm.
        let again = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
        #expect(!again.stdout.contains("not confirmed"), "\(again.stdout)")

        // Fixed and approved again: confirmed, and the issue is gone.
        try FileManager.default.removeItem(atPath: templates + "/confirmation")
        try FileManager.default.copyItem(atPath: Repository.path("templates/confirmation"), toPath: templates + "/confirmation")
        let approve = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "approve", "SO-2026-00001"])
        #expect(approve.status == 0, "\(approve.stderr)")
        let fixed = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(fixed.stdout.contains("delivered: SO-2026-00001 confirmation"), "\(fixed.stdout)")
        let order = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "list", "--all", "--json"])
        #expect(!order.stdout.contains("confirmation_not_composed"), "\(order.stdout)")
    }
}
