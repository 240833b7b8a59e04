import Foundation
import IntakeTestSupport
import Testing

/// `intake outbox list|show|send|retry|cancel` on a desk with the directory method.
@Suite struct OutboxCommandTests {
    @Test func anAssistantSeesCancelsAndRetriesOutgoingMail() throws {
        let desk = try TestDesk()
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)
        #expect(try IntakeProcess.run(config + ["confirm"]).status == 0)

        // Cancelled before it went: never written out, however often mail is sent.
        let cancel = try IntakeProcess.run(config + ["outbox", "cancel", "1"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let send = try IntakeProcess.run(config + ["outbox", "send"])
        #expect(send.status == 0, "\(send.stderr)")
        let written = desk.files(in: "data/outgoing")
        #expect(written.count == 6, "\(written)")
        #expect(!written.contains { $0.hasSuffix("-1.eml") })

        let list = try IntakeProcess.run(config + ["outbox", "list"])
        let first = list.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") }
        #expect(first?.contains("cancelled") == true, "\(list.stdout)")

        // A sent message cannot be cancelled; a cancelled one can be sent after all.
        let late = try IntakeProcess.run(config + ["outbox", "cancel", "2"])
        #expect(late.status != 0)
        #expect(late.stderr.contains("outbox 2 is sent"), "\(late.stderr)")
        #expect(try IntakeProcess.run(config + ["outbox", "retry", "1"]).status == 0)
        #expect(try IntakeProcess.run(config + ["outbox", "send"]).status == 0)
        #expect(desk.files(in: "data/outgoing").count == 7)

        let show = try IntakeProcess.run(config + ["outbox", "show", "1"])
        #expect(show.status == 0, "\(show.stderr)")
        for expected in ["confirmation for SO-2026-", "sent", "cancelled", "retry", "Message-ID:", "Auto-Submitted: auto-replied", "chen.wei@hsinyi-tech.com.tw"] {
            #expect(show.stdout.contains(expected), "outbox show lacks \(expected): \(show.stdout)")
        }
        let missing = try IntakeProcess.run(config + ["outbox", "show", "999"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("there is no outbox message 999"))
    }
}
