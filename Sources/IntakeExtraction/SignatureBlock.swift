import Foundation

/// The signature under a message from a sender not on file: their name on a line of its own,
/// then the company, phone and address lines ("周育賢 / 佳視眼鏡 / 08-732-5516 / 屏東市…").
/// What a desk needs to answer a first enquiry: who writes, for which company, on which number.
enum SignatureBlock {
    /// The company and phone under the last line that is the sender's name, in the message's
    /// own text (quoted history left out); nil for each the block does not give.
    static func read(_ text: String, name: String) -> (company: String?, phone: String?) {
        let wanted = name.trimmedSpaces().lowercased()
        guard wanted.count >= 2 else { return (nil, nil) }
        let lines = text.lineSlices().map { $0.trimmedSpaces() }
        guard let nameLine = lines.lastIndex(where: { line in
            let bare = line.lowercased().trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces))
            return bare == wanted || (bare.hasPrefix(wanted) && bare.count <= wanted.count + 12 && !bare.contains(where: \.isNumber))
        }) else { return (nil, nil) }
        var company: String?
        var phone: String?
        for line in lines[(nameLine + 1)...].prefix(5) {
            if line.isEmpty { break }
            if phone == nil, let found = Self.phone(in: line) {
                phone = found
                continue
            }
            guard company == nil, !line.contains("@"), !line.lowercased().contains("www."), !line.contains(where: \.isNumber),
                  line.count <= 60 else { continue }
            // "Purchasing Manager | Harbour Eyecare Pty Ltd": the part that is no title.
            let parts = line.components(separatedBy: "|").map { $0.trimmedSpaces() }.filter { !$0.isEmpty && !Self.isJobTitle($0) }
            company = parts.first.flatMap { $0.count <= 40 ? $0 : nil }
        }
        return (company, phone)
    }

    /// A phone line: "08-732-5516", "電話 04-2358-6600", "T +61 2 9251 7730"; the number as written.
    static func phone(in line: String) -> String? {
        guard let range = RegexCache.firstRange(#"(?:\+\d{1,3}[ -]?)?(?:\(?\d{1,4}\)?[ -]?)?\d{3,4}[ -]?\d{3,4}(?![\d-])"#, in: line) else { return nil }
        let before = line[..<range.lowerBound].trimmedSpaces().lowercased()
        let labels = ["", "t", "tel", "tel.", "phone", "mobile", "m", "電話", "电话", "手機", "手机", "電話:", "电话:", "tel:", "phone:", "t:", "m:", "mobile:"]
        guard labels.contains(before) else { return nil }
        let number = String(line[range])
        return number.filter(\.isNumber).count >= 8 ? number : nil
    }

    /// A job title rather than a company ("採購課", "Purchasing Manager", "業務部 經理").
    static func isJobTitle(_ text: String) -> Bool {
        let lower = text.lowercased()
        let titles = ["manager", "director", "buyer", "purchasing", "procurement", "assistant", "officer", "owner", "sales", "head of", "coordinator",
                      "經理", "经理", "主任", "採購", "采购", "業務", "业务", "助理", "專員", "专员", "課長", "课长", "科長", "科长", "店長", "店长", "老闆", "老板", "負責人", "负责人"]
        return titles.contains { lower.contains($0) }
    }
}
