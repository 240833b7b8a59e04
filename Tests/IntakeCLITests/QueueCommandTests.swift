import Foundation
import IntakeTestSupport
import Testing

@Suite struct QueueCommandTests {
    @Test func assistantWorksTheQueue() throws {
        let desk = try TestDesk(autoApprove: false)
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)

        let list = try IntakeProcess.run(config + ["queue", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("SO-2026-00001"))
        #expect(list.stdout.contains("信義科技"))
        #expect(list.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })

        let json = try IntakeProcess.run(config + ["queue", "list", "--json"])
        let listing = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((listing?["orders"] as? [Any])?.count == 10)

        let show = try IntakeProcess.run(config + ["queue", "show", "SO-2026-00007"])
        #expect(show.stdout.contains("unknown_sku"))
        #expect(show.stdout.contains("白板筆"))
        #expect(show.stdout.contains("← customers.csv"))

        let unknown = try IntakeProcess.run(config + ["queue", "show", "SO-2026-00999"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("there is no order SO-2026-00999"))

        let badEdit = try IntakeProcess.run(config + ["queue", "edit", "SO-2026-00001", "--set", "lines[1].quantity=-2"])
        #expect(badEdit.status == 4)
        #expect(badEdit.stderr.contains("positive number"))

        let edit = try IntakeProcess.run(config + ["queue", "edit", "SO-2026-00001", "--set", "shipTo.address=台北市信義區松仁路100號9樓", "--set", "lines[1].quantity=12"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(edit.stdout.contains("changed"))

        let approve = try IntakeProcess.run(config + ["queue", "approve", "SO-2026-00001", "SO-2026-00002"])
        #expect(approve.status == 0)
        #expect(approve.stdout.contains("SO-2026-00002: approved"))

        let reject = try IntakeProcess.run(config + ["queue", "reject", "SO-2026-00003", "--reason", "duplicate of SO-2026-00001"])
        #expect(reject.status == 0)
        let again = try IntakeProcess.run(config + ["queue", "approve", "SO-2026-00003"])
        #expect(again.status == 4)
        #expect(again.stderr.contains("SO-2026-00003 is rejected and can no longer change"), "\(again.stderr)")

        let confirm = try IntakeProcess.run(config + ["confirm"])
        #expect(confirm.stdout.contains("SO-2026-00001: confirmation queued"))
        let outbox = try IntakeProcess.run(config + ["outbox", "list"])
        #expect(outbox.stdout.contains("queued"))
        #expect(try IntakeProcess.run(config + ["outbox", "send"]).status == 0)
        #expect(desk.files(in: "data/outgoing").count == 2)
        let shown = try IntakeProcess.run(config + ["queue", "show", "SO-2026-00001"])
        #expect(shown.stdout.contains("edited: shipTo.address=台北市信義區松仁路100號9樓; lines[1].quantity=12"))
        #expect(shown.stdout.contains("confirmed"))
    }
}

/// What a new assistant typed in the first hour: each answer names the order and says plainly
/// what is wrong, at the moment it is typed.
@Suite struct FirstHourQueueTests {
    @Test func refusalsNameTheOrderAndSayWhy() throws {
        let desk = try TestDesk()
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["run", "--once"]).status == 0)
        // 1 and 3 were confirmed by the desk's policy.
        let twice = try IntakeProcess.run(config + ["queue", "approve", "SO-2026-00001", "SO-2026-00003"])
        #expect(twice.status == 4)
        #expect(twice.stderr.contains("SO-2026-00001 is already confirmed"), "\(twice.stderr)")
        #expect(twice.stderr.contains("SO-2026-00003 is already confirmed"), "\(twice.stderr)")
        #expect(!twice.stderr.contains("cannot become"), "no state-machine wording for a step already taken")
    }

    @Test func editsAreCheckedWhenTypedAndOrdersFoundByTheirNumberAlone() throws {
        let desk = try TestDesk(autoApprove: false)
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)

        let unknownSKU = try IntakeProcess.run(config + ["queue", "edit", "SO-2026-00007", "--set", "lines[2].sku=NOPE-1"])
        #expect(unknownSKU.status == 4)
        #expect(unknownSKU.stderr.contains("NOPE-1 is not in the catalog"), "\(unknownSKU.stderr)")
        let near = try IntakeProcess.run(config + ["queue", "edit", "SO-2026-00007", "--set", "lines[2].sku=PEN-GEL-B"])
        #expect(near.stderr.contains("did you mean PEN-GEL-BL"), "\(near.stderr)")

        let wide = try IntakeProcess.run(config + ["queue", "edit", "7", "--set", "lines[1].quantity=１２"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let shown = try IntakeProcess.run(config + ["queue", "show", "7", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let detail = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let order = detail?["order"] as? [String: Any]
        #expect(order?["number"] as? String == "SO-2026-00007")
        #expect(((order?["lines"] as? [[String: Any]])?.first?["quantity"] as? String) == "12")

        let missing = try IntakeProcess.run(config + ["queue", "show", "77"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("there is no order numbered 77"), "\(missing.stderr)")
    }
}

@Suite struct SurveyDryRunTests {
    @Test func aDryRunListsTheOrdersWaitingAndAPlainDayIsAMoment() throws {
        let desk = try TestDesk(extraYAML: "surveys:\n  after_days: 3\n  min_days_between: 0\n")
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["run", "--once"]).status == 0)
        #expect(try IntakeProcess.run(config + ["order", "ship", "SO-2026-00001"]).status == 0)
        #expect(try IntakeProcess.run(config + ["order", "complete", "SO-2026-00001"]).status == 0)

        let waiting = try IntakeProcess.run(config + ["survey", "send", "--dry-run"])
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.stdout.contains("SO-2026-00001"), "\(waiting.stdout)")
        #expect(waiting.stdout.contains("due from"), "\(waiting.stdout)")
        #expect(waiting.stdout.contains("0 would be sent, 1 not due yet"), "\(waiting.stdout)")

        let later = Date().addingTimeInterval(5 * 86_400).formatted(.iso8601.year().month().day())
        let due = try IntakeProcess.run(config + ["survey", "send", "--dry-run", "--now", later])
        #expect(due.status == 0, "\(due.stderr)")
        #expect(due.stdout.contains("1 would be sent"), "\(due.stdout)")

        let bad = try IntakeProcess.run(config + ["survey", "send", "--dry-run", "--now", "next week"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is neither a day"), "\(bad.stderr)")
    }
}
