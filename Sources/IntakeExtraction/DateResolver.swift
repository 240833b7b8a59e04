import Foundation
import IntakeModel

/// Reads requested delivery dates: ISO and slashed dates, Chinese dates, ROC calendar years
/// (民國115年 = 2026), English month names, and relative dates ("next Friday", 下週五, 月底前)
/// resolved against the message's own day.
struct DateResolver {
    /// The message's day in the sender's zone (or the desk's), which relative dates count from.
    var reference: CalendarDate
    /// How the writer orders a numeric date's day and month, when their region is known
    /// (`DateResolver.dayFirst(language:)`); nil where it is not, and an ambiguous date stays so.
    var dayFirst: Bool? = nil

    enum Outcome: Equatable {
        case date(CalendarDate)
        case ambiguous(String)
    }

    /// Made once: they were joined from the month names on every call.
    private static let monthAlternatives = englishMonths.map { "\($0.prefix(3))[a-z]*" }.joined(separator: "|")
    private static let dayMonthPattern = #"(\d{1,2})(?:st|nd|rd|th)?\s+("# + monthAlternatives + #")\.?,?\s*(\d{4})?"#
    private static let monthDayPattern = #"("# + monthAlternatives + #")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})?"#

    private static let englishMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    private static let weekdays: [(Int, [String])] = [
        (1, ["sunday", "sun", "日", "天"]), (2, ["monday", "mon", "一"]), (3, ["tuesday", "tue", "二"]), (4, ["wednesday", "wed", "三"]),
        (5, ["thursday", "thu", "四"]), (6, ["friday", "fri", "五"]), (7, ["saturday", "sat", "六"]),
    ]

    /// `usingClues: false` tries every pattern (the reference the tests compare with).
    func resolve(_ raw: String, usingClues: Bool = true) -> Outcome? {
        let text = Self.digitsForChineseDates(TextNormalizer.lowercased(TextNormalizer.normalize(raw)))
        // Every pattern before the relative words needs a digit: common text (TextNormalizer.isCommon,
        // whose only decimal digits are ASCII ones once normalised) without one is spared them.
        if TextNormalizer.isCommon(text), !text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return relative(text, usingClues: usingClues)
        }
        // What each pattern needs, read off common text's bytes once: a line has most of them
        // tried, and each try converted the whole text to UTF-16 for ICU. Other text tries all.
        let reading = Reading(text: text, clues: usingClues && TextNormalizer.isCommon(text) ? Clues(text) : nil)
        // Each step answers nil when none of its patterns matched, and .some(nil) when one
        // matched a day that does not exist: the text is then read no further.
        if let decided = yearFirstDate(reading) { return decided }
        if let decided = monthNamedDate(reading) { return decided }
        if let decided = slashedDate(reading, raw: raw) { return decided }
        if let decided = dayOfMonthWritten(reading) { return decided }
        return relative(text, usingClues: usingClues)
    }

    /// The text `resolve` reads, with the clues that spare ICU the patterns that cannot match.
    private struct Reading {
        let text: String
        let clues: Clues?

        /// The groups of `pattern`'s first match ("" for a group that took no part), nil without one.
        func match(_ pattern: String) -> [String]? {
            guard let regex = RegexCache.regex(pattern),
                  let result = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            return (0..<result.numberOfRanges).map { index in
                Range(result.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }

        /// Whether a pattern with this need may match: always, for text without clues.
        func may(_ need: (Clues) -> Bool) -> Bool { clues.map(need) ?? true }
    }

    /// A date that begins with its year: ISO, slashed and dotted, Chinese, and the ROC calendar's.
    private func yearFirstDate(_ reading: Reading) -> Outcome?? {
        // 2026-03-30, 2026/3/30, 2026.03.30, 2026年3月30日
        if reading.may({ $0.digitRun >= 4 }), let m = reading.match(#"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"#), let y = Int(m[1]), let mo = Int(m[2]), let d = Int(m[3]) {
            return CalendarDate(year: y, month: mo, day: d).map(Outcome.date)
        }
        // 民國115年3月30日, 民国115年3月30日
        if reading.may(\.minguo), let m = reading.match(#"民[國国]\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})"#), let y = Int(m[1]), let mo = Int(m[2]), let d = Int(m[3]) {
            return CalendarDate(year: y + 1911, month: mo, day: d).map(Outcome.date)
        }
        // 115年7月20日 (ROC year, three digits, without 民國)
        if reading.may(\.yue), let m = reading.match(#"(?<!\d)(1\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})"#), let y = Int(m[1]), let mo = Int(m[2]), let d = Int(m[3]) {
            return CalendarDate(year: y + 1911, month: mo, day: d).map(Outcome.date)
        }
        // 115/03/30, 115.3.30 (ROC year, three digits)
        if reading.may({ $0.slash || $0.dot }), let m = reading.match(#"(?<![\d.])(1\d{2})([/.])(\d{1,2})\2(\d{1,2})(?![\d.])"#), let y = Int(m[1]), let mo = Int(m[3]), let d = Int(m[4]) {
            return CalendarDate(year: y + 1911, month: mo, day: d).map(Outcome.date)
        }
        if reading.may(\.slash), let m = reading.match(#"(?<!\d)(1\d{2})/(\d{1,2})/(\d{1,2})(?!\d)"#), let y = Int(m[1]), let mo = Int(m[2]), let d = Int(m[3]) {
            return CalendarDate(year: y + 1911, month: mo, day: d).map(Outcome.date)
        }
        return nil
    }

    /// A date with an English month's name, or a Chinese month and day without a year.
    private func monthNamedDate(_ reading: Reading) -> Outcome?? {
        // 30 March 2026, March 30, 2026, Mar 30
        if reading.may(\.monthName), let m = reading.match(Self.dayMonthPattern), let d = Int(m[1]), let month = monthNumber(m[2]) {
            return date(year: Int(m[3]), month: month, day: d)
        }
        if reading.may(\.monthName), let m = reading.match(Self.monthDayPattern),
           let month = monthNumber(m[1]), let d = Int(m[2]) {
            return date(year: Int(m[3]), month: month, day: d)
        }
        // 3月30日 (this year, or next year if already past)
        if reading.may(\.yue), let m = reading.match(#"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"#), let mo = Int(m[1]), let d = Int(m[2]) {
            return date(year: nil, month: mo, day: d)
        }
        return nil
    }

    /// Day and month with slashes, with a year or without.
    private func slashedDate(_ reading: Reading, raw: String) -> Outcome?? {
        // 03/04/2026: day and month cannot be told apart unless one is over 12.
        if reading.may({ $0.slash && $0.digitRun >= 4 }), let m = reading.match(#"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"#), let a = Int(m[1]), let b = Int(m[2]), let y = Int(m[3]) {
            if a > 12, let date = CalendarDate(year: y, month: b, day: a) { return Outcome.date(date) }
            if b > 12, let date = CalendarDate(year: y, month: a, day: b) { return Outcome.date(date) }
            if a == b, let date = CalendarDate(year: y, month: a, day: b) { return Outcome.date(date) }
            // "7/8/2026 (Fri 星期五)": the weekday written after it settles the reading.
            if let w = reading.match(#"\d{4}\s*[(（]\s*(?:週|周|星期|禮拜|礼拜)?\s*([一二三四五六日天]|mon|tue|wed|thu|fri|sat|sun)"#),
               let wanted = Self.weekdays.first(where: { $0.1.contains { w[1].hasPrefix($0) } })?.0 {
                let readings = [CalendarDate(year: y, month: a, day: b), CalendarDate(year: y, month: b, day: a)].compactMap { $0 }.filter { weekdayOf($0) == wanted }
                if readings.count == 1 { return Outcome.date(readings[0]) }
            }
            // "07/04/2026" from Hong Kong is 7 April: the writer's convention, where known.
            if let dayFirst, let date = dayFirst ? CalendarDate(year: y, month: b, day: a) : CalendarDate(year: y, month: a, day: b) { return Outcome.date(date) }
            return Outcome.ambiguous("\"\(raw.trimmedSpaces())\" could be day/month or month/day")
        }
        // 11/20, 4/24（五）, 4/10: month and day without a year (a weekday after it decides).
        if reading.may(\.slash), let m = reading.match(#"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])\s*(?:[(（]\s*(?:週|周|星期|禮拜|礼拜)?\s*([一二三四五六日天]|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[)）])?"#),
           let a = Int(m[1]), let b = Int(m[2]) {
            return monthDayWithoutYear(a, b, weekday: m.count > 3 ? m[3] : "", raw: raw, text: reading.text)
        }
        return nil
    }

    /// A day of the month alone: "the 20th", "20號".
    private func dayOfMonthWritten(_ reading: Reading) -> Outcome?? {
        // "the 20th", "20號", "20号": a day of this month, or of the next if it has passed.
        if let m = reading.match(#"(?<![\d/.])(\d{1,2})(?:\s*(?:st|nd|rd|th)\b|\s*[號号](?![\d碼码]))"#), let day = Int(m[1]), (1...31).contains(day) {
            // "by the 20th of next month", "下個月5號": a day of the next month.
            if Self.saysNextMonth(reading.text) { return CalendarDate(year: reference.year + reference.month / 12, month: reference.month % 12 + 1, day: day).map(Outcome.date) }
            return dayOfMonth(day)
        }
        return nil
    }

    /// A relative day alone ("next Tuesday", 下週二, 月底, tomorrow), for sentences without
    /// delivery wording: absolute dates there may be anything.
    func relativeDay(_ raw: String) -> Outcome? {
        relative(TextNormalizer.lowercased(TextNormalizer.normalize(raw)), usingClues: true)
    }

    /// The date a line asks for when it names several: "on the 20th instead of the 15th",
    /// "原本 4/24 要送的……麻煩改到下週三", "原定今日……改為後天". Clauses that name an old date
    /// (原定, 原本, originally, what follows "instead of") give way to the others, and a clause
    /// with a change word (改到, 改為, postpone to, move to) comes first.
    func resolveRequested(_ raw: String) -> Outcome? {
        Self.choose(datedCandidates(raw))
    }

    /// The candidates of a text, a weekday alone followed by a date with figures that falls on
    /// it ("Delivery date: Monday, 1 June 2026", "by Friday, 23 October 2026") taken as that
    /// date (not the next Monday or Friday), keeping the weekday's words (by, before).
    func datedCandidates(_ raw: String) -> [Candidate] {
        var found = candidates(raw)
        for index in found.indices.dropLast() where !found[index].written && !found[index].old && !found[index].change {
            let next = found[index + 1]
            if next.written, !next.old, case .date(let weekday) = found[index].outcome, case .date(let dated) = next.outcome,
               weekdayOf(weekday) == weekdayOf(dated) {
                found[index].outcome = next.outcome
                found[index].written = true
            }
        }
        return found
    }

    /// `a/b` with no year: a weekday written after it settles which is the month; a number over
    /// 12 settles it too; Chinese text writes month/day; otherwise the reading that falls in the
    /// next two months while the other is over four months away (orders are for soon), else
    /// ambiguous.
    private func monthDayWithoutYear(_ a: Int, _ b: Int, weekday: String, raw: String, text: String) -> Outcome? {
        let monthDay = date(year: nil, month: a, day: b)
        let dayMonth = date(year: nil, month: b, day: a)
        // "下星期二（7/4）", "next Tuesday (7/4)": a weekday written elsewhere in the text settles
        // the reading when exactly one reading within a few weeks falls on it.
        if weekday.isEmpty, a <= 12, b <= 12, a != b,
           let range = RegexCache.firstRange(#"(?:週|周|星期|禮拜|礼拜)[一二三四五六日天]|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"#, in: text) {
            let found = String(text[range]).replacingOccurrences(of: #"^(?:週|周|星期|禮拜|礼拜)"#, with: "", options: .regularExpression)
            if let wanted = Self.weekdays.first(where: { $0.1.contains { found.hasPrefix($0) } })?.0 {
                let near = [monthDay, dayMonth].compactMap { outcome -> CalendarDate? in
                    guard case .date(let day)? = outcome, weekdayOf(day) == wanted, let start = asDate(reference), let end = asDate(day),
                          abs(end.timeIntervalSince(start)) <= 35 * 86_400 else { return nil }
                    return day
                }
                if near.count == 1 { return .date(near[0]) }
            }
        }
        if !weekday.isEmpty, let wanted = Self.weekdays.first(where: { $0.1.contains { weekday.hasPrefix($0) } })?.0 {
            // The weekday settles the reading and the year: of the readings in this year, the
            // last and the next, the one on that weekday nearest the message's day.
            var matching: [CalendarDate] = []
            for year in [reference.year, reference.year + 1, reference.year - 1] {
                for (month, day) in [(a, b), (b, a)] {
                    if let candidate = CalendarDate(year: year, month: month, day: day), weekdayOf(candidate) == wanted { matching.append(candidate) }
                }
            }
            func distance(_ day: CalendarDate) -> Double {
                guard let start = asDate(reference), let end = asDate(day) else { return .infinity }
                return abs(end.timeIntervalSince(start))
            }
            if let nearest = matching.min(by: { distance($0) < distance($1) }) { return .date(nearest) }
            return .ambiguous("\"\(raw.trimmedSpaces())\": the weekday written is not that of the date")
        }
        if a > 12 { return dayMonth }
        if b > 12 || a == b { return monthDay }
        if let dayFirst { return dayFirst ? dayMonth : monthDay }
        if !text.unicodeScalars.allSatisfy(\.isASCII) { return monthDay }
        func daysAhead(_ outcome: Outcome?) -> Int? {
            guard case .date(let day)? = outcome, let start = asDate(reference), let end = asDate(day) else { return nil }
            return Int(end.timeIntervalSince(start) / 86_400)
        }
        if let near = daysAhead(monthDay), let far = daysAhead(dayMonth) {
            if near <= 62 && far > 120 { return monthDay }
            if far <= 62 && near > 120 { return dayMonth }
        }
        return .ambiguous("\"\(raw.trimmedSpaces())\" could be day/month or month/day")
    }

    /// The next `day` of a month on or after the reference day.
    private func dayOfMonth(_ day: Int) -> Outcome? {
        if day >= reference.day, let date = CalendarDate(year: reference.year, month: reference.month, day: day) { return .date(date) }
        let month = reference.month % 12 + 1
        let year = reference.month == 12 ? reference.year + 1 : reference.year
        return CalendarDate(year: year, month: month, day: day).map(Outcome.date)
    }

    /// Facts about common text (TextNormalizer.isCommon: its digits are ASCII ones) that the
    /// date patterns need: without them a pattern cannot match and ICU is not asked.
    struct Clues {
        /// The longest run of digits.
        var digitRun = 0
        var slash = false
        var dot = false
        /// 民, which the ROC-year pattern begins with.
        var minguo = false
        /// 月, which every Chinese month pattern holds.
        var yue = false
        /// The first three letters of an English month.
        var monthName = false

        init(_ text: String) {
            var run = 0
            for byte in text.utf8 {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    run += 1
                    digitRun = max(digitRun, run)
                } else {
                    run = 0
                    if byte == UInt8(ascii: "/") { slash = true }
                    if byte == UInt8(ascii: ".") { dot = true }
                }
            }
            minguo = text.hasSubstring("民")
            yue = text.hasSubstring("月")
            monthName = DateResolver.englishMonths.contains { text.hasSubstring($0.prefix(3)) }
        }
    }

    private func monthNumber(_ text: String) -> Int? {
        Self.englishMonths.firstIndex { $0.hasPrefix(text.prefix(3)) }.map { $0 + 1 }
    }

    private func date(year: Int?, month: Int, day: Int) -> Outcome? {
        if let year { return CalendarDate(year: year, month: month, day: day).map(Outcome.date) }
        guard let thisYear = CalendarDate(year: reference.year, month: month, day: day) else { return nil }
        if thisYear < reference { return CalendarDate(year: reference.year + 1, month: month, day: day).map(Outcome.date) }
        return .date(thisYear)
    }

    private func relative(_ text: String, usingClues: Bool) -> Outcome? {
        if let near = nearDay(text) { return near }
        // Nil when the words are not written; .some(nil) for a day the month does not have.
        if let decided = dayOfThisOrNextMonth(text, usingClues: usingClues) { return decided }
        if let decided = monthEnd(text) { return decided }
        return namedWeekday(text)
    }

    /// 大後天, 後天, tomorrow: a day a few days ahead.
    private func nearDay(_ text: String) -> Outcome? {
        if text.hasSubstring("大後天") || text.hasSubstring("大后天") { return .date(adding(days: 3)) }
        if text.hasSubstring("後天") || text.hasSubstring("后天") || text.hasSubstring("day after tomorrow") { return .date(adding(days: 2)) }
        // "tmr morning", "tmrw": how a phone writes tomorrow.
        if text.hasSubstring("tomorrow") || text.hasSubstring("明天") || text.hasSubstring("明日") || text.hasSubstring("聽日") || text.hasSubstring("听日")
            || ["tmr", "tmrw", "tmw", "tomoro", "tmro"].contains(where: { text.hasSubstring($0) && PaymentParser.containsWord(text, $0) }) {
            // "tomorrow morning (Friday)" sent late on Wednesday in UTC, early Thursday where the
            // sender is: the weekday written settles which day was meant.
            let tomorrow = adding(days: 1)
            for (weekday, names) in Self.weekdays where names.first.map({ PaymentParser.containsWord(text, $0) }) == true {
                if weekdayOf(tomorrow) != weekday, weekdayOf(adding(days: 2)) == weekday { return .date(adding(days: 2)) }
            }
            return .date(tomorrow)
        }
        return nil
    }

    /// 本月25號, 下個月5日: a day of this month or the next.
    private func dayOfThisOrNextMonth(_ text: String, usingClues: Bool) -> Outcome?? {
        if !usingClues || text.hasSubstring("月"), let range = RegexCache.firstRange(#"(本月|這個月|这个月|下個月|下个月|下月)\s*(\d{1,2})\s*[號号日]"#, in: text) {
            let found = String(text[range])
            let next = found.hasPrefix("下")
            let day = Int(found.filter(\.isNumber)) ?? 0
            let month = next ? (reference.month % 12) + 1 : reference.month
            let year = next && reference.month == 12 ? reference.year + 1 : reference.year
            return CalendarDate(year: year, month: month, day: day).map(Outcome.date)
        }
        return nil
    }

    /// 月底, "end of the month": this month's last day; 下個月底, "end of next month": next month's.
    private func monthEnd(_ text: String) -> Outcome?? {
        if ["end of next month", "next month end", "next month-end", "下個月底", "下个月底", "下月底", "下個月月底", "下个月月底"].contains(where: { text.hasSubstring($0) }) {
            let month = reference.month % 12 + 1
            let year = reference.month == 12 ? reference.year + 1 : reference.year
            return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year)).map(Outcome.date)
        }
        if text.hasSubstring("月底") || text.hasSubstring("end of the month") || text.hasSubstring("end of month") || text.hasSubstring("end of this month")
            || text.hasSubstring("month-end") || text.hasSubstring("month end") {
            return CalendarDate(year: reference.year, month: reference.month, day: CalendarDate.daysIn(month: reference.month, year: reference.year)).map(Outcome.date)
        }
        return nil
    }

    /// "next Friday", 下週五, "by Friday": the weekday written first, in the week that this or
    /// next before it (or "next week" after it) names, else the coming one.
    private func namedWeekday(_ text: String) -> Outcome? {
        guard let (weekday, position) = firstWeekday(in: text) else { return nil }
        let before = String(text[text.index(position, offsetBy: -min(10, text.distance(from: text.startIndex, to: position)))..<position])
        // 下週三: the weekday's match starts at 週, so 下 stands right before it.
        // "Friday next week", "Friday of next week": the week named after the day.
        let after = String(text[position...].prefix(28))
        let nextWeek = ["next ", "下個", "下个"].contains { before.hasSubstring($0) } || before.hasSuffix("下")
            || RegexCache.firstRange(#"^[a-z]+\.?,?\s+(?:of\s+|in\s+)?next\s+week"#, in: after) != nil
        let thisWeek = !nextWeek && (["this ", "這個", "这个"].contains { before.hasSubstring($0) } || before.hasSuffix("本") || before.hasSuffix("這") || before.hasSuffix("这"))
        do {
            if !nextWeek && !thisWeek {
                let ahead = (weekday - weekdayOf(reference) + 7) % 7
                return .date(adding(days: ahead == 0 ? 7 : ahead))
            }
            let current = weekdayOf(reference)
            var delta = (weekday - current + 7) % 7
            if nextWeek {
                // "next Friday": the Friday of next week (Monday-based weeks, as both languages mean it).
                let mondayBased = { (day: Int) in (day + 5) % 7 }
                delta = 7 - mondayBased(current) + mondayBased(weekday)
            } else if delta == 0 {
                delta = 0
            }
            return .date(adding(days: delta))
        }
    }

    /// The weekday written first in `text` ("this Friday — the shipments start on Monday" is
    /// Friday), and where it stands.
    private func firstWeekday(in text: String) -> (weekday: Int, position: String.Index)? {
        let anyNext = text.hasSubstring("next ") || text.hasSubstring("下週") || text.hasSubstring("下周") || text.hasSubstring("下星期") || text.hasSubstring("下禮拜") || text.hasSubstring("下礼拜")
        let anyThis = text.hasSubstring("this ") || text.hasSubstring("本週") || text.hasSubstring("本周") || text.hasSubstring("這週") || text.hasSubstring("这周")
        var first: (weekday: Int, position: String.Index)?
        for (weekday, names) in Self.weekdays {
            for name in names {
                let chinese = !name.unicodeScalars.allSatisfy(\.isASCII)
                // A bare weekday ("by Friday", 星期五前) is the coming one; abbreviations
                // ("fri") count only with this/next, as they are too short to trust alone.
                var position: String.Index?
                if chinese {
                    // Byte search (Foundation's range(of:) folded every character and was a tenth
                    // of extraction here; a non-ASCII word has no word edges to check).
                    position = ["週", "周", "星期", "禮拜", "礼拜"].compactMap { prefix in
                        PaymentParser.wordPosition(text, prefix + name).map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
                    }.min()
                } else if PaymentParser.containsWord(text, name) && (anyNext || anyThis || name.count > 3),
                          let offset = PaymentParser.wordPosition(text, name) {
                    position = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
                }
                if let position, position < (first?.position ?? text.endIndex) { first = (weekday, position) }
            }
        }
        return first
    }

    private func gregorian() -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }

    private func asDate(_ day: CalendarDate) -> Date? {
        gregorian().date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
    }

    /// 1 = Sunday … 7 = Saturday.
    private func weekdayOf(_ day: CalendarDate) -> Int {
        asDate(day).map { gregorian().component(.weekday, from: $0) } ?? 1
    }

    private func adding(days: Int) -> CalendarDate {
        guard let start = asDate(reference), let moved = gregorian().date(byAdding: .day, value: days, to: start) else { return reference }
        let parts = gregorian().dateComponents([.year, .month, .day], from: moved)
        return CalendarDate(year: parts.year ?? reference.year, month: parts.month ?? 1, day: parts.day ?? 1) ?? reference
    }
}
