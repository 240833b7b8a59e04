import Foundation

extension DateResolver {
    /// A date a clause names, and whether the clause calls it the old one or moves to it.
    struct Candidate {
        var outcome: Outcome
        var old: Bool
        var change: Bool
        /// The clause says the goods must arrive then ("needs the goods by", "前要到").
        var arrival = false
        /// The clause writes figures (a date), not only words (Monday, 下週三).
        var written = true
        /// A moving clause that says the goods are to be sent then ("改到下週三再送").
        var delivers = false
    }

    /// The dates of a text's clauses, in order.
    func candidates(_ raw: String) -> [Candidate] {
        let text = TextNormalizer.lowercased(TextNormalizer.normalize(raw))
        return Self.clauses(of: text).compactMap { clause in
            // "原訂10/9要送的貨請延後到下週三": the date after the change word is the new one.
            if let word = Self.changeWords.first(where: { clause.text.hasSubstring($0) }), let range = clause.text.range(of: word) {
                // "deliver on the 20th instead": instead follows its date; the others lead to it.
                let moved = word == "instead" ? String(clause.text[..<range.lowerBound]) : String(clause.text[range.upperBound...])
                if let outcome = resolve(moved) { return Candidate(outcome: outcome, old: false, change: true, delivers: Self.namesSending(clause.text)) }
            }
            guard let outcome = resolve(clause.text) else { return nil }
            let old = clause.afterInsteadOf || Self.oldDateWords.contains { clause.text.hasSubstring($0) }
            let change = Self.changeWords.contains { clause.text.hasSubstring($0) }
            let arrival = Self.arrivalWords.contains { clause.text.hasSubstring($0) } && !Self.dispatchWords.contains { clause.text.hasSubstring($0) }
            return Candidate(outcome: outcome, old: old, change: change, arrival: arrival, written: clause.text.contains(where: \.isNumber))
        }
    }

    /// The date moved to, else the first the goods must arrive by, else the first that is not
    /// the old one, else the first: "we can put it on the 5 June sailing, but she needs the
    /// goods by 12 June at the latest" asks for 12 June.
    static func choose(_ candidates: [Candidate]) -> Outcome? {
        (candidates.first { $0.change && !$0.old && $0.delivers } ?? candidates.first { $0.change && !$0.old }
            ?? (candidates.contains { !$0.arrival && !$0.old } ? candidates.first { $0.arrival && !$0.old } : nil)
            ?? candidates.first { !$0.old } ?? candidates.first)?.outcome
    }

    /// Words of a date the goods must arrive by.
    static let arrivalWords = ["need", "by ", "before", "no later than", "at the latest", "latest by", "arrive", "deliver", "receive",
                               "前", "送到", "到貨", "到货", "送貨", "送货", "收到", "要到", "交貨", "交货"]
    /// Words of a date the goods leave on (a sailing, a dispatch), which is not the date asked for.
    static let dispatchWords = ["sailing", "vessel", "ship on", "shipped on", "dispatch", "etd", "開船", "开船", "船期", "出貨日", "出货日", "發貨日", "发货日"]

    static let oldDateWords = ["原定", "原訂", "原订", "原本", "原來", "原来", "原先", "本來", "本来", "originally", "was due", "were due", "scheduled for", "planned for", "instead of"]
    static let changeWords = ["改到", "改為", "改为", "改成", "改在", "改送", "延到", "延後到", "延后到", "延至", "順延", "顺延", "提前到", "提早到", "提前", "推迟到", "推遲到", "改做", "move it to", "move to",
                              "postpone", "push it to", "push back to", "reschedule", "bring it forward", "instead"]

    /// Clauses at CJK and Latin punctuation; "X instead of Y" splits before "instead of".
    static func clauses(of text: String) -> [(text: String, afterInsteadOf: Bool)] {
        var result: [(String, Bool)] = []
        for piece in text.split(whereSeparator: { "，,。;；!！?？\n".contains($0) }) {
            var piece = String(piece)
            if let range = piece.range(of: "instead of") {
                result.append((String(piece[..<range.lowerBound]) + " instead", false))
                piece = String(piece[range.upperBound...])
                result.append((piece, true))
            } else {
                result.append((piece, false))
            }
        }
        return result
    }
}
