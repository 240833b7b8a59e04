import Foundation
import Synchronization

/// Compiled regular expressions, kept. Foundation compiles the pattern of every
/// `range(of:options: .regularExpression)` and every `NSRegularExpression(pattern:)` again on each
/// call, and extraction matches the same few dozen patterns against every line of every message.
/// `NSRegularExpression` is immutable and safe to share between threads once made.
enum RegexCache {
    private final class Box: @unchecked Sendable {
        // @unchecked: NSRegularExpression is immutable after creation and documented thread-safe.
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    /// The pattern and its options as they are: a key string joined from them was built (and
    /// the pattern copied) on every lookup.
    /// Hashed and compared by bytes: String's own hashing normalises non-ASCII text first, and
    /// the patterns with Chinese words cost more to look up than to match short lines. The
    /// patterns are our literals, so byte equality is equality.
    private struct Key: Hashable {
        var options: UInt
        var pattern: String

        func hash(into hasher: inout Hasher) {
            hasher.combine(options)
            var pattern = pattern
            pattern.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }

        static func == (left: Key, right: Key) -> Bool {
            guard left.options == right.options, left.pattern.utf8.count == right.pattern.utf8.count else { return false }
            var one = left.pattern
            var other = right.pattern
            // memcmp: comparing the views element by element cost more than the hashing saved.
            return one.withUTF8 { first in
                other.withUTF8 { second in
                    guard let a = first.baseAddress, let b = second.baseAddress else { return first.count == second.count }
                    return memcmp(a, b, first.count) == 0
                }
            }
        }
    }

    private static let compiled = Mutex<[Key: Box]>([:])

    /// The compiled pattern (nil for a pattern that does not compile, which is a bug of ours).
    static func regex(_ pattern: String, options: NSRegularExpression.Options = []) -> NSRegularExpression? {
        let key = Key(options: options.rawValue, pattern: pattern)
        if let box = compiled.withLock({ $0[key] }) { return box.regex }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        compiled.withLock { $0[key] = Box(regex) }
        return regex
    }

    /// `text` with every match of `pattern` replaced by `template`, like
    /// `replacingOccurrences(of:with:options: .regularExpression)` but compiled once (that one
    /// compiles its pattern on every call, which in a per-line check was most of its cost).
    static func replacing(_ pattern: String, in text: String, with template: String) -> String {
        guard let regex = regex(pattern) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// The range of the first match, like `range(of:options: .regularExpression)`.
    static func firstRange(_ pattern: String, in text: String, options: NSRegularExpression.Options = []) -> Range<String.Index>? {
        guard let regex = regex(pattern, options: options),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }

    /// `text` cut at the matches of `regex`, trimmed, empty pieces left out: each cut where
    /// `at` says in a match (its start, its end, the end of a group), the match itself dropped
    /// when `dropping` (a separator) and kept otherwise.
    static func pieces(of text: String, cutBy regex: NSRegularExpression?, at cut: (NSTextCheckingResult) -> NSRange? = { $0.range }, dropping: Bool = false) -> [String] {
        guard let regex else { return [text] }
        var pieces: [String] = []
        var start = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let nsRange = cut(match), let range = Range(nsRange, in: text) else { continue }
            let end = dropping ? range.lowerBound : range.upperBound
            guard end >= start else { continue }
            pieces.append(String(text[start..<end]))
            start = dropping ? range.upperBound : end
        }
        pieces.append(String(text[start...]))
        return pieces.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
    }
}
