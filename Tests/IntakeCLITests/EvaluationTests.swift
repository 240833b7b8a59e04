import Foundation
import IntakeTestSupport
import Testing

/// `make eval` over the examples and the evaluation fixtures: the scorer runs, prints its
/// summary, and the extractor keeps the targets of its issue on the documents a person wrote down.
@Suite struct EvaluationTests {
    @Test(arguments: [("examples/inbox", "examples/expected", "examples/config"), ("fixtures/eval/messages", "fixtures/eval/expected", "examples/config"),
                      ("fixtures/eval-roastery/messages", "fixtures/eval-roastery/expected", "fixtures/eval-roastery/config"),
                      ("fixtures/eval-parts/messages", "fixtures/eval-parts/expected", "fixtures/eval-parts/config")])
    func theFixturesScoreAtTheTargets(_ set: (messages: String, expected: String, config: String)) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.path("scripts/eval.py"), "--intake", Repository.binary, "--config", Repository.path(set.config),
                             Repository.path(set.messages), Repository.path(set.expected)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        let summary = try #require(output.split(separator: "\n").last { $0.hasPrefix("eval: ") }, "\(output)")
        func percent(after label: String) -> Double? {
            guard let range = summary.range(of: label + " ") else { return nil }
            return Double(summary[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        #expect((percent(after: "kind") ?? 0) >= 98, "\(output)")
        #expect((percent(after: "line F1") ?? 0) >= 97, "\(output)")
        #expect((percent(after: "perfect") ?? 0) >= 90, "\(output)")
    }
}
