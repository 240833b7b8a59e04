import Foundation
import IntakeTestSupport
import Testing

@Suite struct OrderCommandTests {
    @Test func assistantFollowsAnOrderOnTheCommandLine() throws {
        let desk = try TestDesk()
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["run", "--once"]).status == 0)

        let ship = try IntakeProcess.run(config + ["order", "ship", "SO-2026-00002", "--carrier", "DHL", "--tracking", "JD014600"])
        #expect(ship.status == 0, "\(ship.stderr)")
        #expect(ship.stdout.contains("SO-2026-00002: shipped; shipped email queued to"))

        let wrong = try IntakeProcess.run(config + ["order", "complete", "SO-2026-00003"])
        #expect(wrong.status == 4)
        #expect(wrong.stderr.contains("SO-2026-00003 is confirmed and cannot become completed"), "\(wrong.stderr)")

        let until = Date().addingTimeInterval(20 * 86_400).formatted(.iso8601.year().month().day())
        let delay = try IntakeProcess.run(config + ["order", "delay", "SO-2026-00003", "--until", until, "--reason", "Typhoon closed the port"])
        #expect(delay.status == 0, "\(delay.stderr)")
        #expect(delay.stdout.contains("delivery moved to \(until)"))

        _ = desk.folder.write("status.csv", "order,status,tracking\nSO-2026-00002,delivered,\nSO-2026-00005,shipped,T-1\nSO-2026-00099,shipped,\n")
        let imported = try IntakeProcess.run(config + ["order", "import-status", desk.folder.file("status.csv")])
        #expect(imported.status == 2)
        #expect(imported.stdout.contains("2 applied, 0 already done, 1 not applied"))
        #expect(imported.stderr.contains("line 4: SO-2026-00099: there is no order SO-2026-00099"))

        #expect(try IntakeProcess.run(config + ["outbox", "send"]).status == 0)
        let show = try IntakeProcess.run(config + ["order", "show", "SO-2026-00002"])
        #expect(show.stdout.contains("fulfilment: shipped"))
        #expect(show.stdout.contains("(DHL, tracking JD014600)"))
        #expect(show.stdout.contains("mail sent:"))
        #expect(show.stdout.contains("confirmation  sent"))
        #expect(show.stdout.contains("shipped  sent"))
        #expect(show.stdout.contains("delivered"))

        let doctor = try IntakeProcess.run(config + ["doctor"])
        #expect(doctor.stdout.contains("shipped in en, zh-CN, zh-TW"))
    }
}
