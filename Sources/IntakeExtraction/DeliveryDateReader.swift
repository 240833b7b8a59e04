import Foundation
import IntakeModel

/// Reads when the goods are wanted into the builder: a labelled date, or one in the sentences that speak of
/// delivery; apart because a date needs the writer's day/month order and flags what a person must confirm.
enum DeliveryDateReader {
    /// A delivery before the message or more than half a year after it is more likely a misread
    /// (a year rolled over, an order date) than a wish: a person looks. Checked once everything
    /// is read, against the message's Date or the date the file itself gives (an ERP export's
    /// 單據日期, a portal's exportedAt).
    static func checkUnusual(into builder: inout DocumentBuilder) {
        // A file that writes no date of its own is counted from the day it is read: a delivery
        // before that day is late, which the approval policy holds, but no sign of a misread.
        let dated = builder.referenceFromHeader || builder.referenceFromDocument
        guard let written = builder.document.requestedDeliveryDate, let date = CalendarDate(written),
              let days = builder.referenceDay.days(until: date), (days < 0 && dated) || days > 183 else { return }
        builder.document.issues.append(Issue(code: .unusualDate, field: "requestedDeliveryDate",
            message: "the requested date \(date) is \(days < 0 ? "before the message" : "more than six months after the message") (\(builder.referenceDay)); check it"))
    }

    /// The delivery date in the sentences of `text` that speak of delivery, in the sender's own words
    /// (`ownLines`, above the signature).
    static func readInProse(_ text: String, ownLines: ArraySlice<TextLine>, into builder: inout DocumentBuilder) {
        // Only the words the text can hold (a sentence's lower case is part of the text's):
        // every sentence was searched for all of them.
        let pairs = BytePairSet(TextNormalizer.lowercased(text))
        let possible = Self.deliveryWords.filter(pairs.mayContain)
        // Sentences, not lines: "could you please deliver\non the 20th instead" is wrapped.
        // All of them: "原定週五到貨。……麻煩改到20號" moves the date in a later sentence.
        let resolver = builder.dateResolver
        var found: [(candidate: DateResolver.Candidate, sentence: TextLine)] = []
        for sentence in Self.sentences(ownLines) where !possible.isEmpty {
            let lower = TextNormalizer.lowercased(sentence.text)
            guard possible.contains(where: { lower.hasSubstring($0) }) else { continue }
            found += resolver.datedCandidates(sentence.text).map { ($0, sentence) }
        }
        // An order's own words name no delivery, but a day to come ("next Tuesday, please:",
        // "月底前"): in an order that is when the goods are wanted. Only relative days, in
        // sentences that do not look back.
        if found.isEmpty, !builder.lines.isEmpty {
            for sentence in Self.sentences(ownLines) {
                let lower = TextNormalizer.lowercased(sentence.text)
                guard !Self.pastWords.contains(where: { lower.hasSubstring($0) }),
                      let outcome = resolver.relativeDay(sentence.text) else { continue }
                found.append((DateResolver.Candidate(outcome: outcome, old: false, change: false), sentence))
                break
            }
        }
        // "We have the wedding on Saturday the 25th and I need …" and "Everything needs to be
        // here by Thursday the 23rd at the latest": a sentence that says when the goods must
        // arrive outranks one that only needs something on a day.
        let strong = found.filter { entry in
            let lower = TextNormalizer.lowercased(entry.sentence.text)
            return Self.strongDeliveryWords.contains { lower.hasSubstring($0) }
        }
        let ranked = strong.contains(where: { !$0.candidate.old }) && !found.contains(where: { $0.candidate.change && !$0.candidate.old }) ? strong : found
        let candidates = ranked.map(\.candidate)
        if let chosen = DateResolver.choose(candidates), let index = candidates.firstIndex(where: { $0.outcome == chosen }) {
            record(chosen, line: ranked[index].sentence, rule: "delivery wording", into: &builder)
        }
    }

    static func resolve(_ value: String, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        if let outcome = builder.dateResolver.resolveRequested(value) { record(outcome, line: line, rule: rule, into: &builder) }
    }

    static func record(_ outcome: DateResolver.Outcome, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        switch outcome {
        case .date(let date):
            builder.document.requestedDeliveryDate = date.description
            builder.note("requestedDeliveryDate", line.location, rule, line.text)
            // "05/01/2027" from a .hk address: read day first, as Hong Kong writes, but only the
            // customer's language would have settled it; a person confirms.
            if let dayFirst = builder.addressDayFirst, DateResolver.dayFirst(language: builder.context.deskLanguage) == nil,
               case .ambiguous? = DateResolver(reference: builder.referenceDay).resolveRequested(line.text),
               !builder.document.issues.contains(where: { $0.code == .ambiguousDate }) {
                builder.document.issues.append(Issue(code: .ambiguousDate, field: "requestedDeliveryDate",
                    message: "read as \(date) (\(dayFirst ? "day/month" : "month/day"), as the customer's country writes dates); confirm with the customer"))
            }
        case .ambiguous(let why):
            if !builder.document.issues.contains(where: { $0.code == .ambiguousDate }) {
                builder.document.issues.append(Issue(code: .ambiguousDate, field: "requestedDeliveryDate", message: "\(why); ask the customer or set it by hand"))
            }
        }
    }


    /// Words near which a date is the one the goods are wanted on (or moved to).
    static let deliveryWords = ["deliver", "delivery", "need", "required", "arrive", "ship by", "before", "at the latest", "no later than", "deadline",
                                "instead", "postpone", "reschedule", "move it to", "push", "到貨", "到货", "送達", "送达", "交貨", "交货", "出貨", "发货", "送",
                                "之前", "前到", "要到", "前要", "寄", "要用", "急需", "需要", "改到", "改為", "改为", "改成", "改在", "延", "收貨", "收货", "交期",
                                "到店", "have everything", "have it", "have them", "get it", "get them", "get everything",
                                // "希望10月30日（五）前完成安裝": a deadline for the work the order is for.
                                "前完成", "完成安裝", "完成安装", "安裝完成", "安装完成", "完工", "installed by", "installation by", "set up by", "ready by",
                                // Malay, as Malaysian and Singapore buyers mix it in: "Hantar paling lewat 15/4".
                                "hantar", "penghantaran", "paling lewat", "sebelum"]

    /// Delivery words that say when goods must arrive (not "need", 要用 or 寄 alone).
    static let strongDeliveryWords = ["deliver", "delivery", "arrive", "ship by", "at the latest", "no later than", "deadline", "by ", "before",
                                      "到貨", "到货", "送達", "送达", "交貨", "交货", "送到", "寄到", "之前", "前到", "前送", "交期", "收貨", "收货"]

    /// Words of a sentence about the past: its days are not the delivery.
    static let pastWords = ["last ", "ago", "since", "received", "arrived", "delivered", "上週", "上周", "上星期", "上個", "上个", "收到", "以前的", "昨天", "前天"]

    /// The text's sentences: lines joined within a paragraph and cut at sentence ends, each
    /// located at the line it starts on.
    static func sentences(_ lines: some Collection<TextLine>) -> [TextLine] {
        var result: [TextLine] = []
        var current = ""
        var location = ""
        func flush() {
            // (A Latin sentence ends at ". " inside a joined line too.)
            for piece in current.split(whereSeparator: { "。!！?？".contains($0) }).flatMap({ $0.pieces(separatedBy: ". ") }) where !piece.trimmedSpaces().isEmpty {
                result.append(TextLine(text: String(piece), location: location))
            }
            current = ""
        }
        for line in lines {
            let trimmed = line.text.trimmedSpaces()
            if trimmed.isEmpty { flush(); continue }
            // A labelled line ("要求到货：12月4日前", a forward's "Date: …"), a marker line or a
            // table row stands alone.
            if FieldLabels.split(trimmed) != nil || trimmed.contains("\t") || trimmed.contains("  ") || !FigureAudit.isProse(line.location)
                || RegexCache.firstRange(#"^(?:[\p{L}][\p{L} .'-]{0,14}\s*:|-{3,}|_{3,}|={3,})"#, in: trimmed) != nil {
                flush()
                location = line.location
                current = trimmed
                flush()
                continue
            }
            if current.isEmpty { location = line.location }
            // A Latin sentence ends at ". " too; a line ending in one closes it.
            current += current.isEmpty ? trimmed : " " + trimmed
            if trimmed.hasSuffix(".") || trimmed.hasSuffix(":") || trimmed.hasSuffix("：") { flush() }
        }
        flush()
        return result
    }
}
