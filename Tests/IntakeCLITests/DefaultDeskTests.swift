import Foundation
import IntakeTestSupport
import Testing

/// A command typed without `--config` answers from `./config`: it must say which desk that is,
/// and must not start an empty desk where there is none.
@Suite struct DefaultDeskTests {
    @Test func commandWithoutConfigNamesTheDeskItUsed() throws {
        let desk = try TestDesk(withExamples: false)
        let found = try IntakeProcess.run(["queue", "list"], currentDirectory: desk.folder.path)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == "No orders waiting for review.\n")
        #expect(found.stderr == "intake: using desk config/intake.yaml (data in data); pass --config DIR for another\n")

        let given = try IntakeProcess.run(["--config", "config", "queue", "list"], currentDirectory: desk.folder.path)
        #expect(given.status == 0)
        #expect(given.stderr.isEmpty, "a desk named with --config needs no note")
    }

    @Test func commandWithoutConfigRefusesAFolderWithoutIntakeYAML() throws {
        let folder = TemporaryFolder("intake-no-desk")
        for layout in ["no config folder", "an empty config folder"] {
            if layout == "an empty config folder" {
                try FileManager.default.createDirectory(atPath: folder.file("config"), withIntermediateDirectories: true)
            }
            let refused = try IntakeProcess.run(["queue", "show", "SO-2026-00001"], currentDirectory: folder.path)
            #expect(refused.status == 78, "\(layout): \(refused.stderr)")
            #expect(refused.stderr.contains("no --config given and there is no config/intake.yaml here"), "\(layout)")
            #expect(refused.stderr.contains("pass --config DIR"), "\(layout)")
            #expect(!refused.stderr.contains("there is no order"), "\(layout)")
            #expect(!FileManager.default.fileExists(atPath: folder.file("data")), "\(layout): an empty desk was started")
        }
    }
}
