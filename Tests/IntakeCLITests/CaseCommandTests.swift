import Foundation
import IntakeTestSupport
import Testing

@Suite struct CaseCommandTests {
    /// The example inbox holds one complaint: it is a case an assistant assigns, answers and
    /// resolves; a category that is not one of the desk's words is refused with the right ones.
    @Test func anAssistantWorksACaseOnTheCommandLine() throws {
        let desk = try TestDesk()
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["run", "--once"]).status == 0)
        let list = try IntakeProcess.run(config + ["case", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("damaged") && list.stdout.contains("open"), "\(list.stdout)")

        let wrong = try IntakeProcess.run(config + ["case", "assign", "1", "--category", "rude"])
        #expect(wrong.status == 64, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("late_delivery") && wrong.stderr.contains("wrong_item"), "\(wrong.stderr)")

        let assigned = try IntakeProcess.run(config + ["case", "assign", "1", "--owner", "mei", "--category", "wrong_item"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(assigned.stdout.contains("case 1: owner mei, category wrong_item"), "\(assigned.stdout)")
        let resolved = try IntakeProcess.run(config + ["case", "resolve", "1", "--note", "replaced"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let all = try IntakeProcess.run(config + ["case", "list", "--all"])
        #expect(all.stdout.contains("resolved") && all.stdout.contains("wrong_item"), "\(all.stdout)")
        #expect(try IntakeProcess.run(config + ["case", "list"]).stdout.contains("wrong_item") == false)
    }
}
