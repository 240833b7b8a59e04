import Foundation
import IntakeTestSupport
import Testing

/// The README's walkthrough, run as a reader runs it: each command in order on a fresh copy of the
/// example desk, its output compared line for line with what the README shows. When the command
/// line's output changes, this fails until the README shows the new output.
@Suite struct ReadmeWalkthroughTests {
    /// The moment the README's walkthrough was run. Receive times, the year in order numbers and
    /// "made …" lines follow the desk's clock; fixing it here keeps them as printed, where a
    /// reader sees the day they run it.
    static let now = "2026-11-29T18:10:00+08:00"

    @Test func readmeWalkthroughShowsWhatTheCommandsPrint() throws {
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        let steps = try ReadmeWalkthrough.steps(readme: readme)
        #expect(steps.count >= 10, "the walkthrough sections lost their commands")

        let desk = try ExampleDeskCopy()
        for step in steps {
            let output = try IntakeProcess.run(step.arguments, environment: ["INTAKE_NOW": Self.now, "INTAKE_LOG_LEVEL": "warning"],
                                               currentDirectory: desk.folder.path)
            let stdout = ReadmeWalkthrough.normalisingEventTimes(desk.lines(output.stdout))
            let stderr = desk.lines(output.stderr)
            let context = "README.md line \(step.line): $ \(step.command)"
            #expect(output.status == step.status, "\(context)\nexit \(output.status)\n\(output.stderr)")
            #expect(stdout == ReadmeWalkthrough.normalisingEventTimes(step.stdout), "\(context)\nit prints:\n\(stdout.joined(separator: "\n"))")
            #expect(stderr == step.stderr, "\(context)\nit prints on standard error:\n\(stderr.joined(separator: "\n"))")
        }
        #expect(!FileManager.default.fileExists(atPath: desk.folder.file("examples/data")), "the desk wrote beside its configuration")
    }

    @Test func walkthroughBlocksAreReadAsStepsWithOutputAndStatus() throws {
        let readme = """
            ## A walk through the desk

            ```
            $ intake --config examples/config queue approve SO-1 --reason "two words"
            intake: there is no order SO-1

            exit 3

            $ intake --config examples/config confirm
            SO-2: confirmation queued

            ```

            ```
            intake [--config DIR] <command>
            ```

            ## Commands

            ```
            $ intake --config examples/config doctor
            ```
            """
        let steps = try ReadmeWalkthrough.steps(readme: readme)
        #expect(steps.map(\.arguments) == [["--config", "examples/config", "queue", "approve", "SO-1", "--reason", "two words"],
                                           ["--config", "examples/config", "confirm"]])
        #expect(steps.map(\.status) == [3, 0])
        #expect(steps[0].stderr == ["intake: there is no order SO-1"])
        #expect(steps[0].stdout.isEmpty)
        #expect(steps[1].stdout == ["SO-2: confirmation queued"])
        #expect(steps[0].line == 4)
    }

    @Test func walkthroughCommandsMustNameTheExampleDeskAndNeedNoShell() {
        let bare = "## After the confirmation\n\n```\n$ intake queue list\n```\n"
        #expect(throws: ReadmeWalkthrough.ParseError.self) { try ReadmeWalkthrough.steps(readme: bare) }
        let glob = "## After the confirmation\n\n```\n$ intake --config examples/config extract examples/inbox/*.eml\n```\n"
        #expect(throws: ReadmeWalkthrough.ParseError.self) { try ReadmeWalkthrough.steps(readme: glob) }
    }
}

/// The example desk copied into a temporary folder laid out as the repository is
/// (`examples/config`, `examples/inbox`), so that the README's commands run unchanged from its
/// root and their relative paths print as the README shows them; the store and the outgoing
/// mail land in the copy's own `data/`, never in the repository's.
struct ExampleDeskCopy {
    let folder = TemporaryFolder("intake-readme")

    init() throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder.file("examples"), withIntermediateDirectories: true)
        for name in ["config", "inbox"] {
            try manager.copyItem(atPath: Repository.path("examples/\(name)"), toPath: folder.file("examples/\(name)"))
        }
        // A folder is taken oldest first, then by name. A checkout or a copy gives the files
        // modification times in whatever order it wrote them; one time for all makes the order
        // the names', as the README shows it.
        let inbox = folder.file("examples/inbox")
        for name in try manager.contentsOfDirectory(atPath: inbox) {
            try manager.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_795_000_000)], ofItemAtPath: "\(inbox)/\(name)")
        }
        let file = folder.file("examples/config/intake.yaml")
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        var lines: [String] = []
        for line in yaml.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("templates_dir:") {
                lines.append("templates_dir: \(Repository.path("templates"))")
                continue
            }
            // Any other path must stay relative, inside the copy.
            for key in ["data_dir:", "directory:", "url:"] where trimmed.hasPrefix(key) {
                let value = trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                guard !value.hasPrefix("/"), !value.hasPrefix("~"), !value.contains("://") else { throw PathLeavesTheCopy(line: trimmed) }
            }
            lines.append(line)
        }
        folder.write("examples/config/intake.yaml", lines.joined(separator: "\n"))
    }

    struct PathLeavesTheCopy: Error, CustomStringConvertible {
        var line: String
        var description: String { "examples/config/intake.yaml: \(line) is not a path inside the example desk" }
    }

    /// Output lines as a reader sees them from the repository root: the temporary folder's path
    /// would be the repository's, and a trailing newline ends the output.
    func lines(_ output: String) -> [String] {
        let relative = output.replacingOccurrences(of: folder.path + "/", with: "")
        return ReadmeWalkthrough.trimmingTrailingBlankLines(relative.components(separatedBy: "\n"))
    }
}
