/// The three quantity patterns every item line meets (labelled "Qty: 5", times "x 3 boxes",
/// unit "10 boxes"; see `LineItemParser`), read by hand from printable ASCII text.
///
/// Why: ICU tried each pattern at every position of every line, folding case through its
/// iterator at each try (some fifty thousand instructions a line); counting and reading the
/// quantities of English order lines was a tenth of a mailbox sync. Here one look at a byte
/// rules most positions out.
///
/// What it finds is what ICU finds, offsets and groups included: each function below is its
/// pattern with ICU's backtracking order written out (the comments say why the orders it does not
/// follow cannot succeed). Only ASCII text qualifies, where the patterns' Chinese alternatives
/// cannot match and case folding is ASCII's, and the mark `¤` that `parseItem` leaves where a
/// product's name stood (to the patterns a symbol like `#`: no letter, digit, space or word
/// character); any other byte sends the text to ICU. Offsets are UTF-8 offsets. Tests compare
/// the two on every line of the example and evaluation mail and on thousands of generated ones.
struct ASCIIQuantityScanner {
    enum Pattern: CaseIterable {
        /// `(?:qty\.?|quantity)\s*[:=]?\s*(?<![A-Za-z0-9.\-/])NUMBER\s*(UNIT)?`
        case labelled
        /// `(?:\bx|×|\*)\s*(?<![0-9.\-/])NUMBER\s*(UNIT)?(?!\s*(?:元|塊|块|円|[.,]?\d))`
        case times
        /// `(?<![A-Za-z0-9.\-/])NUMBER\s*(UNIT)(?:(?<![A-Za-z])|(?![A-Za-z]))(?!\s*/)`
        case unit
    }

    /// UTF-8 offsets into the text.
    struct Match: Equatable {
        var range: Range<Int>
        /// Capture group 1.
        var number: Range<Int>
        /// Capture group 2, nil where the optional unit did not take part.
        var unit: Range<Int>?
    }

    private let bytes: [UInt8]

    /// Nil unless `text` is printable ASCII, tabs (the only white space then: ICU's `\s` would
    /// also take other control characters) and `¤`.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte >= 0x20 && byte < 0x7F) || byte == 0x09 {
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA4 {
                // Neither byte of ¤ is a letter, digit, space or any character the patterns name.
                index += 2
            } else {
                return nil
            }
        }
        self.bytes = bytes
    }

    /// What `matches(in:)` returns: the leftmost match, then the leftmost from its end, and so on.
    func matches(_ pattern: Pattern) -> [Match] {
        var found: [Match] = []
        var position = 0
        while let match = firstMatch(pattern, from: position) {
            found.append(match)
            position = match.range.upperBound
        }
        return found
    }

    /// What `firstMatch(in:)` returns for the text from `start` on (lookbehinds still see before it).
    func firstMatch(_ pattern: Pattern, from start: Int = 0) -> Match? {
        var position = start
        while position < bytes.count {
            // Each pattern starts with a byte few positions hold: a look at it comes first.
            let first = bytes[position] | 0x20
            let match: Match? = switch pattern {
            case .labelled: first == UInt8(ascii: "q") ? labelled(at: position) : nil
            case .times: first == UInt8(ascii: "x") || bytes[position] == UInt8(ascii: "*") ? times(at: position) : nil
            case .unit: Self.isDigit(bytes[position]) || Self.startsNumberWord[Int(first & 0x7F)] ? unit(at: position) : nil
            }
            if let match { return match }
            position += 1
        }
        return nil
    }

    // MARK: - The patterns

    private func labelled(at start: Int) -> Match? {
        var index: Int
        if hasText(Self.qty, at: start) {
            index = start + 3
            if byte(index) == UInt8(ascii: ".") { index += 1 }
        } else if hasText(Self.quantity, at: start) {
            index = start + 8
        } else {
            return nil
        }
        index = skipSpaces(index)
        if byte(index) == UInt8(ascii: ":") || byte(index) == UInt8(ascii: "=") { index = skipSpaces(index + 1) }
        // Giving back the dot, the spaces or the colon puts the number's start on one of them,
        // where no number begins.
        guard !Self.isNumberNeighbour(byte(index - 1)) else { return nil }
        // Nothing after the number can fail, so ICU keeps its first reading.
        guard let end = numberEnds(at: index).first else { return nil }
        let afterSpaces = skipSpaces(end)
        if let unit = unitPrefixes(at: afterSpaces).first {
            return Match(range: start..<unit.upperBound, number: index..<end, unit: unit)
        }
        return Match(range: start..<afterSpaces, number: index..<end, unit: nil)
    }

    private func times(at start: Int) -> Match? {
        let sign = bytes[start]
        let isX = sign == UInt8(ascii: "x") || sign == UInt8(ascii: "X")
        guard sign == UInt8(ascii: "*") || (isX && (start == 0 || !Self.isWordByte(bytes[start - 1]))) else { return nil }
        let numberStart = skipSpaces(start + 1)
        guard !Self.isDigitOrSeparator(byte(numberStart - 1)) else { return nil }
        for end in numberEnds(at: numberStart) {
            let afterSpaces = skipSpaces(end)
            // Units in the order of the alternation, then none; fewer spaces before the unit
            // leave it starting on a space, and the lookahead sees the same digit from there.
            for unit in unitPrefixes(at: afterSpaces) where !digitFollows(unit.upperBound) {
                return Match(range: start..<unit.upperBound, number: numberStart..<end, unit: unit)
            }
            if !digitFollows(afterSpaces) {
                return Match(range: start..<afterSpaces, number: numberStart..<end, unit: nil)
            }
        }
        return nil
    }

    private func unit(at start: Int) -> Match? {
        guard start == 0 || !Self.isNumberNeighbour(bytes[start - 1]) else { return nil }
        for end in numberEnds(at: start) {
            for unit in unitPrefixes(at: skipSpaces(end)) {
                let last = bytes[unit.upperBound - 1]
                guard !Self.isLetter(last) || !Self.isLetter(byte(unit.upperBound)) else { continue }
                guard byte(skipSpaces(unit.upperBound)) != UInt8(ascii: "/") else { continue }
                return Match(range: start..<unit.upperBound, number: start..<end, unit: unit)
            }
        }
        return nil
    }

    // MARK: - Parts

    /// Where `NUMBER` (`ItemQuantity.numberCore`) can end when it starts at `start`, in the
    /// order ICU tries them. Of the digit alternatives only the longest readings are listed: a
    /// shorter one leaves a digit, ",d" or ".d" next, which none of the patterns accepts after
    /// a number (the labelled one, which accepts anything, keeps the first reading).
    private func numberEnds(at start: Int) -> [Int] {
        guard start < bytes.count else { return [] }
        if Self.isDigit(bytes[start]) {
            var ends: [Int] = []
            if let grouped = groupedDigitsEnd(start) { ends.append(grouped) }
            ends.append(decimalEnd(digitsEnd(start)))
            return ends
        }
        guard Self.isLetter(bytes[start]) else { return [] }
        var ends: [Int] = []
        for tens in Self.tensWords where hasText(tens, at: start) {
            let end = start + tens.count
            // "twenty-one": the optional unit word is tried first.
            if byte(end) == UInt8(ascii: "-") || byte(end) == UInt8(ascii: " ") {
                for ones in Self.onesWords where hasText(ones, at: end + 1) && !Self.isLetter(byte(end + 1 + ones.count)) {
                    ends.append(end + 1 + ones.count)
                }
            }
            if !Self.isLetter(byte(end)) { ends.append(end) }
        }
        for word in Self.otherNumberWords where hasText(word, at: start) && !Self.isLetter(byte(start + word.count)) {
            ends.append(start + word.count)
        }
        return ends
    }

    /// `\d{1,3}(?:,\d{3})+(?:\.\d+)?`: a run of more than three digits never matches (giving
    /// digits back leaves a digit, not a comma, next).
    private func groupedDigitsEnd(_ start: Int) -> Int? {
        var end = digitsEnd(start)
        guard end - start <= 3 else { return nil }
        var groups = 0
        while byte(end) == UInt8(ascii: ","), Self.isDigit(byte(end + 1)), Self.isDigit(byte(end + 2)), Self.isDigit(byte(end + 3)) {
            end += 4
            groups += 1
        }
        return groups > 0 ? decimalEnd(end) : nil
    }

    private func digitsEnd(_ start: Int) -> Int {
        var end = start
        while Self.isDigit(byte(end)) { end += 1 }
        return end
    }

    /// `(?:\.\d+)?`, greedy.
    private func decimalEnd(_ end: Int) -> Int {
        guard byte(end) == UInt8(ascii: "."), Self.isDigit(byte(end + 1)) else { return end }
        return digitsEnd(end + 1)
    }

    /// The units of `ItemUnits.units` written at `start`, in the alternation's order.
    private func unitPrefixes(at start: Int) -> [Range<Int>] {
        guard start < bytes.count, Self.isLetter(bytes[start]) else { return [] }
        return Self.unitsByFirstLetter[Int(bytes[start] | 0x20)].compactMap { unit in hasText(unit, at: start) ? start..<(start + unit.count) : nil }
    }

    /// `(?!\s*(?:[.,]?\d))` fails at `index`.
    private func digitFollows(_ index: Int) -> Bool {
        let next = skipSpaces(index)
        if Self.isDigit(byte(next)) { return true }
        return (byte(next) == UInt8(ascii: ".") || byte(next) == UInt8(ascii: ",")) && Self.isDigit(byte(next + 1))
    }

    private func skipSpaces(_ index: Int) -> Int {
        var index = index
        while byte(index) == UInt8(ascii: " ") || byte(index) == 0x09 { index += 1 }
        return index
    }

    /// Case-insensitive comparison with a lower-case ASCII word.
    private func hasText(_ word: [UInt8], at start: Int) -> Bool {
        guard start >= 0, start + word.count <= bytes.count else { return false }
        for offset in word.indices where Self.lower(bytes[start + offset]) != word[offset] { return false }
        return true
    }

    /// The byte at `index`, or 0 (which the text never holds) outside it.
    private func byte(_ index: Int) -> UInt8 {
        index >= 0 && index < bytes.count ? bytes[index] : 0
    }

    // The words as bytes, made once.
    private static let qty = Array("qty".utf8)
    private static let quantity = Array("quantity".utf8)
    private static let tensWords = ItemQuantity.tensWords.map { Array($0.utf8) }
    private static let onesWords = ItemQuantity.onesWords.map { Array($0.utf8) }
    private static let otherNumberWords = ItemQuantity.otherNumberWords.map { Array($0.utf8) }
    /// Which lower-case letters begin a number word.
    private static let startsNumberWord: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for word in tensWords + otherNumberWords { table[Int(word[0])] = true }
        return table
    }()
    /// The ASCII units under their first letter, in the alternation's order.
    private static let unitsByFirstLetter: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for unit in ItemUnits.units where unit.utf8.allSatisfy({ $0 < 0x80 }) { table[Int(unit.utf8.first ?? 0)].append(Array(unit.utf8)) }
        return table
    }()

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")
    }

    /// ICU's `\w` in ASCII: letters, digits and the connector `_`.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_")
    }

    /// `[0-9.\-/]`
    private static func isDigitOrSeparator(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }

    /// `[A-Za-z0-9.\-/]`: what may not stand right before a number.
    private static func isNumberNeighbour(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigitOrSeparator(byte)
    }
}
