import Foundation

/// A sender's display name that holds more than the person: "明德藥局 張雅婷", "佳和連鎖藥局 採購部
/// 林佩君", "梁家豪 (藥健坊)", "Rachel Tan (Greenleaf Pharmacy)". The person is the buyer's name;
/// the organisation, when one is named, is the company; a department is neither.
enum DisplayName {
    /// The person's name and the organisation the display name gives; the name alone when it
    /// names no organisation or department (then nothing is split off).
    static func split(_ display: String) -> (name: String, company: String?) {
        let trimmed = display.trimmedSpaces()
        // "梁家豪 (藥健坊)": a bracket after the name.
        if let open = trimmed.firstIndex(where: { $0 == "(" || $0 == "（" }), let close = trimmed.lastIndex(where: { $0 == ")" || $0 == "）" }), open < close {
            let inner = String(trimmed[trimmed.index(after: open)..<close]).trimmedSpaces()
            let outer = (String(trimmed[..<open]) + String(trimmed[trimmed.index(after: close)...])).trimmedSpaces()
            // The person outside, whatever the bracket holds (a shop, a role, a branch).
            if !outer.isEmpty, !isOrganisation(outer), !outer.contains(where: \.isNumber) {
                return (outer, isOrganisation(inner) ? inner : nil)
            }
            return (trimmed, nil)
        }
        let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "　" || $0 == "|" || $0 == "/" }).map(String.init).filter { $0 != "-" && $0 != "–" }
        guard tokens.count >= 2 else { return (trimmed, nil) }
        let organisations = tokens.filter(isOrganisation)
        let departments = tokens.filter { !isOrganisation($0) && isDepartment($0) }
        guard !organisations.isEmpty || !departments.isEmpty else { return (trimmed, nil) }
        let person = tokens.filter { !isOrganisation($0) && !isDepartment($0) }
        // Han names are one token; Latin names may be two or three ("Rachel Tan").
        let latin = person.allSatisfy { $0.allSatisfy { $0.isASCII } }
        guard !person.isEmpty, latin ? person.count <= 3 : person.count == 1 else { return (trimmed, nil) }
        // A Latin organisation of several words ("Greenleaf Pharmacy - Rachel Tan") is rare in a
        // display name and its words are not told from a name's: only Han organisations split.
        if latin && organisations.isEmpty { return (trimmed, nil) }
        return (person.joined(separator: " "), organisations.first)
    }

    static let organisationSuffixes = ["藥局", "药局", "藥房", "药房", "藥行", "药行", "診所", "诊所", "醫院", "医院", "公司", "書局", "书局", "中心", "學校", "学校",
                                       "大學", "大学", "小學", "小学", "中學", "中学", "會館", "会馆", "教會", "教会", "協會", "协会", "工作室", "集團", "集团",
                                       "商行", "商店", "樂器", "乐器", "文具", "物流", "科技", "實業", "实业", "餐廳", "餐厅", "酒店", "飯店", "饭店", "旅館", "旅馆"]
    static let departmentSuffixes = ["部", "課", "课", "科", "處", "处", "組", "组", "室"]

    static func isOrganisation(_ token: String) -> Bool {
        guard token.count >= 3 || token.unicodeScalars.allSatisfy(\.isASCII) else { return false }
        if organisationSuffixes.contains(where: { token.hasSuffix($0) }) { return true }
        // "Greenleaf Pharmacy Pte Ltd": any word of a company's.
        return token.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "." }).contains { word in
            ["ltd", "ltd.", "limited", "pte", "inc", "inc.", "llc", "co.", "bhd", "gmbh", "pharmacy", "clinic", "hospital", "school", "church", "hotel",
             "company", "trading", "group", "centre", "center", "university", "college"].contains(String(word))
        }
    }

    static func isDepartment(_ token: String) -> Bool {
        if token.count >= 2, token.count <= 5, departmentSuffixes.contains(where: { token.hasSuffix($0) }), !token.unicodeScalars.allSatisfy(\.isASCII) { return true }
        return ["purchasing", "procurement", "accounts", "admin", "operations"].contains(token.lowercased())
    }
}
