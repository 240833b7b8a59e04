import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

@Suite struct OrderEditTests {
    func sampleOrder() -> Order {
        Order(number: OrderNumber(year: 2026, sequence: 1), state: .needsReview, itemID: 1, receivedAt: Date(timeIntervalSince1970: 0),
              customer: .init(email: "a@b.example"), lines: [OrderLine(sku: "X", description: "thing", quantity: 2, unitPrice: 10)])
    }

    @Test func setsAddressAndQuantity() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "shipTo.address=台北市信義區松仁路100號").apply(to: &order)
        try OrderEdit(parsing: "lines[1].quantity=12").apply(to: &order)
        #expect(order.shipTo.address == "台北市信義區松仁路100號")
        #expect(order.lines[0].quantity == 12)
        #expect(order.total == 120)
        #expect(order.edited)
    }

    @Test func valueMayContainEquals() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "paymentTerms=a=b").apply(to: &order)
        #expect(order.paymentTerms == "a=b")
    }

    @Test func addsALineAfterTheLastAndRemovesOne() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "lines[2].sku=PAP-A4-80").apply(to: &order)
        try OrderEdit(parsing: "lines[2].quantity=3").apply(to: &order)
        #expect(order.lines.count == 2)
        #expect(order.lines[1].quantity == 3)
        try OrderEdit(parsing: "lines[1]=").apply(to: &order)
        #expect(order.lines.map(\.sku) == ["PAP-A4-80"])
    }

    @Test(arguments: [
        ("lines[1].quantity=-3", "positive number"),
        ("lines[1].quantity=abc", "positive number"),
        ("lines[1].quantity=0", "positive number"),
        ("requestedDeliveryDate=2026-02-30", "not a valid"),
        ("currency=twd", "ISO 4217"),
        ("paymentMethod=bitcoin", "not one of"),
        ("customer.email=not-an-address", "not an email"),
        ("lines[5].quantity=1", "has no line 5"),
    ])
    func refusesInvalidValues(_ assignment: String, _ expected: String) throws {
        var order = sampleOrder()
        let edit = try OrderEdit(parsing: assignment)
        do {
            try edit.apply(to: &order)
            Testing.Issue.record("\(assignment) was accepted")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(order == sampleOrder())
    }

    @Test(arguments: ["shipTo.street=x", "lines[0].quantity=1", "lines[1].colour=red", "nothing"])
    func refusesUnknownFields(_ assignment: String) {
        #expect(throws: ModelError.self) {
            var order = sampleOrder()
            try OrderEdit(parsing: assignment).apply(to: &order)
        }
    }
}

@Suite struct DecimalTextTests {
    @Test func parsesAndFormatsExactly() throws {
        let value = try #require(DecimalText.parse("0.1"))
        #expect(DecimalText.format(value * 3) == "0.3")
        #expect(DecimalText.format(try #require(DecimalText.parse("12.50"))) == "12.5")
        #expect(DecimalText.formatMoney(try #require(DecimalText.parse("7400"))) == "7400.00")
    }

    @Test(arguments: ["", "1e3", "-1", "1,000", ".5", "5.", "1.2.3", "１２"])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(DecimalText.parse(text) == nil)
    }

    /// What `parse` and `format` did before their fast paths, through Foundation only.
    static func foundationParse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.first != ".", trimmed.last != "." else { return nil }
        var dots = 0
        for character in trimmed {
            if character == "." { dots += 1 } else if !character.isASCIIDigit { return nil }
        }
        guard dots <= 1 else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func foundationFormat(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        var text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Digits and dots of every length up to 24, spaces around some, and the odd cases.
    static var texts: [String] {
        var generator = SeededGenerator(seed: 7)
        var texts = ["0", "00", "0.000", "000.0100", "12.50", "1200", "18446744073709551615", "18446744073709551616", "9999999999999999999",
                     "99999999999999999999999999999999999999999", " 12 ", "\t3.5", "\u{3000}7\u{00A0}", "1\u{301}", "٣", "5\n"]
        for _ in 0..<3000 {
            let length = Int.random(in: 1...24, using: &generator)
            var text = String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if Bool.random(using: &generator) { text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0..<length, using: &generator))) }
            if Int.random(in: 0..<10, using: &generator) == 0 { text = " " + text + " " }
            texts.append(text)
        }
        return texts
    }

    @Test func parseGivesWhatFoundationsScannerGives() {
        var differing: [String] = []
        for text in Self.texts {
            let ours = DecimalText.parse(text), theirs = Self.foundationParse(text)
            if ours != theirs || ours?.description != theirs?.description || ours?.exponent != theirs?.exponent && ours != 0 {
                differing.append("\(text): \(String(describing: ours)) vs \(String(describing: theirs))")
            }
        }
        let count = differing.count
        #expect(count == 0, Comment(rawValue: differing.prefix(5).joined(separator: "; ")))
    }

    @Test func formatGivesWhatNSDecimalNumberGives() {
        var generator = SeededGenerator(seed: 11)
        var values = Self.texts.compactMap(Self.foundationParse)
        for _ in 0..<3000 {
            let significand = Decimal(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator))
            let value = Decimal(sign: Bool.random(using: &generator) ? .plus : .minus, exponent: Int.random(in: -12...8, using: &generator), significand: significand)
            values.append(value)
            values.append(value * 3 / 7)
        }
        // Significands past what an integer holds, with exponents the integer path takes.
        for text in ["18446744073709551615", "18446744073709551616", "99999999999999999999999", "340282366920938463463374607431768211455"] {
            for exponent in [-6, -2, 0, 5, 20] {
                if let significand = Decimal(string: text) { values.append(Decimal(sign: .plus, exponent: exponent, significand: significand)) }
            }
        }
        var differing: [String] = []
        for value in values where DecimalText.format(value) != Self.foundationFormat(value) {
            differing.append("\(value): \(DecimalText.format(value)) vs \(Self.foundationFormat(value))")
        }
        let count = differing.count
        #expect(count == 0, Comment(rawValue: differing.prefix(5).joined(separator: "; ")))
    }

    @Test func calendarDatesAreValidated() {
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2026-02-29") == nil)
        #expect(CalendarDate("2026-13-01") == nil)
        #expect(CalendarDate("2026-1-01") == nil)
    }
}
