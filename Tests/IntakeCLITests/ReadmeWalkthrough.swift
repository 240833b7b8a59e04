import Foundation
import IntakeTestSupport

/// The commands the README's walkthrough shows, read from the README's own text, with the output
/// and exit status it promises for each.
///
/// Every fenced block in the walkthrough sections whose first line is a `$ ` prompt is taken.
/// Within such a block a `$ intake --config examples/config …` line starts a step; the lines up to
/// the next prompt are what it prints: `intake: …` lines on standard error, `exit N` its status
/// (0 when absent), every other line on standard output. Blank lines that end a step only separate
/// it from the next one.
struct ReadmeWalkthrough {
    struct Step {
        /// README line of the command, so that a failure points at the text to fix.
        var line: Int
        var command: String
        var arguments: [String]
        var stdout: [String] = []
        var stderr: [String] = []
        var status: Int32 = 0
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "README.md line \(line): \(message)" }
    }

    static let sections: Set<String> = ["## A walk through the desk", "## After the confirmation"]
    /// What every walkthrough command starts with: the README's examples run as written from the
    /// repository root, never through a desk found by default.
    static let prompt = "$ intake --config examples/config "

    static func steps(readme: String) throws -> [Step] {
        var steps: [Step] = []
        var inSection = false
        var block: [(number: Int, text: String)]?
        for (index, text) in readme.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            if text.hasPrefix("```") {
                if let lines = block {
                    steps += try stepsOfBlock(lines)
                    block = nil
                } else if inSection {
                    block = []
                }
                continue
            }
            if block != nil {
                block?.append((number, text))
            } else if text.hasPrefix("## ") {
                inSection = sections.contains(text)
            }
        }
        return steps
    }

    private static func stepsOfBlock(_ lines: [(number: Int, text: String)]) throws -> [Step] {
        guard let first = lines.first, first.text.hasPrefix("$ ") else { return [] }
        var steps: [Step] = []
        for (number, text) in lines {
            if text.hasPrefix("$ ") {
                guard text.hasPrefix(prompt) else {
                    throw ParseError(line: number, message: "a walkthrough command must start with \"\(prompt)\": \(text)")
                }
                let command = String(text.dropFirst(2))
                let words = try ShellWords.split(command, line: number)
                steps.append(Step(line: number, command: command, arguments: Array(words.dropFirst())))
            } else if let status = exitStatus(text) {
                steps[steps.count - 1].status = status
            } else if text.hasPrefix("intake: ") {
                steps[steps.count - 1].stderr.append(text)
            } else {
                steps[steps.count - 1].stdout.append(text)
            }
        }
        return steps.map { step in
            var step = step
            step.stdout = trimmingTrailingBlankLines(step.stdout)
            return step
        }
    }

    private static func exitStatus(_ text: String) -> Int32? {
        guard text.hasPrefix("exit ") else { return nil }
        return Int32(text.dropFirst(5))
    }

    /// The store stamps events with the wall clock, not the desk's (`INTAKE_NOW`), so their times
    /// are the one part of the output that differs from run to run; in an `events:` block, a
    /// line's leading date and time are compared as `<time>`, on both sides alike.
    static func normalisingEventTimes(_ lines: [String]) -> [String] {
        var inEvents = false
        return lines.map { line in
            if line == "events:" { inEvents = true; return line }
            if line.isEmpty { inEvents = false }
            guard inEvents, let stamp = line.firstMatch(of: /^  \d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}/) else { return line }
            return "  <time>  " + line[stamp.range.upperBound...]
        }
    }

    static func trimmingTrailingBlankLines(_ lines: [String]) -> [String] {
        var lines = lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// Splits a command line as a POSIX shell would for the words the README uses: single and double
/// quotes, backslash escapes. Anything a shell would expand or redirect is refused, so the test
/// runs exactly what a reader's shell would.
enum ShellWords {
    static func split(_ command: String, line: Int) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                current.append(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if "*?|;&<>`$".contains(character) || (character == "#" && !inWord) {
                throw ReadmeWalkthrough.ParseError(line: line, message: "\"\(character)\" needs a shell; the walkthrough runs commands as plain words: \(command)")
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw ReadmeWalkthrough.ParseError(line: line, message: "unclosed quote: \(command)") }
        if inWord { words.append(current) }
        return words
    }
}
