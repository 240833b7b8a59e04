import Foundation

extension DocumentBuilder {
    /// "KS-2603-118)" → "KS-2603-118": a closing bracket with no opening one in the number.
    static func withoutUnopenedBracket(_ number: String) -> String {
        guard let last = number.last, last == ")" || last == "）", !number.contains(where: { $0 == "(" || $0 == "（" }) else { return number }
        return String(number.dropLast()).trimmedSpaces().trimming(numberEdges)
    }
}
