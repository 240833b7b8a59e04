import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Counts English prose writes in words: "half a dozen" is six (not the dozen inside it), "a
/// case of" is one, "a dozen" needs no unit; and what a prose sentence names beyond its counts.
@Suite struct EnglishCountTests {
    @Test func halfADozenIsSix() {
        #expect(ItemQuantity.quantity(in: "and half a dozen boxes of staplers")?.0 == 6)
        #expect(ItemQuantity.quantity(in: "a dozen boxes of staplers")?.0 == 12)
        let document = PlainOrderMail.extract("Hi,\nCould you send half a dozen staplers and a dozen DL envelopes?\nThanks").document
        #expect(document.lines.map(\.sku) == ["STP-24-6", "ENV-DL-100"])
        #expect(document.lines.map(\.quantity) == ["6", "12"])
    }

    @Test func anArticleBeforeAUnitOfIsOne() {
        #expect(ItemQuantity.quantity(in: "a case of soda water")?.0 == 1)
        #expect(ItemQuantity.quantity(in: "a ream of A3 paper")?.0 == 1)
        // Not a count: "half a dozen of" is six, and an article with no unit and "of" is nothing.
        #expect(ItemQuantity.quantity(in: "half a dozen of the same jackets")?.0 == 6)
        #expect(ItemQuantity.quantity(in: "a lot of paper") == nil)
        let document = PlainOrderMail.extract("Hi,\nWe'd like two boxes of A4 copy paper and a box of DL envelopes for Friday please.\nThanks").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "ENV-DL-100"])
        #expect(document.lines.map(\.quantity) == ["2", "1"])
    }

    @Test func aLineOfProseWithoutDigitsMayStillCountOne() {
        #expect(ItemQuantity.mayHoldNumber("and a case of soda water"))
        #expect(!ItemQuantity.mayHoldNumber("Hope all is well with the team"))
    }

    @Test func wrappedProseIsCountedAsItsSentences() {
        // Each wrapped line holds a count; the items are read from the sentence, at its first line.
        let body = "Hi there,\n\nWe'd like two boxes of A4 copy paper, a dozen DL envelopes and\nhalf a dozen staplers for this Friday please. Could you also add\n3 rolls of clear tape?\n\nThanks,\nAmy"
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "ENV-DL-100", "STP-24-6", "TAP-CLR-18"])
        #expect(document.lines.map(\.quantity) == ["2", "12", "6", "3"])
        #expect(!document.issues.contains { $0.code == "unread_quantity" }, "\(document.issues)")
    }

    @Test func aProseSentenceNamingAnotherProductIsUnexplained() {
        let master = MasterData(products: [
            Product(sku: "CAP-NVY", name: "Baseball Cap Navy", aliases: ["navy cap"], unit: "pcs"),
            Product(sku: "EMB-LOGO", name: "Logo Embroidery", aliases: ["embroidery"], unit: "pcs"),
        ], customers: [])
        let sentence = "We'll also need 30 navy caps, with our logo embroidered on each of the 30 caps."
        let item = ParsedLine(line: OrderDocument.Line(sku: "CAP-NVY", description: "navy cap", quantity: "30"), product: master.product(sku: "CAP-NVY"),
                              origin: FieldOrigin(field: "lines", location: "body line 3", rule: "product named with a quantity", excerpt: sentence))
        let findings = MissedItemChecks.unreadProductWords(in: [TextLine(text: sentence, location: "body line 3")], items: [item], master: master)
        #expect(findings.first?.figures == ["logo", "embroidered"])
        // With the embroidery on the order, nothing is left.
        var embroidery = item
        embroidery.line.sku = "EMB-LOGO"
        embroidery.product = master.product(sku: "EMB-LOGO")
        #expect(MissedItemChecks.unreadProductWords(in: [TextLine(text: sentence, location: "body line 3")], items: [item, embroidery], master: master).isEmpty)
        // A common word one letter from a catalog word is no typo of it.
        #expect(master.owners(ofWord: "better").isEmpty || !master.owners(ofWord: "better").contains { $0.sku == "EMB-LOGO" })
    }
}

/// Sizes written as words, and the item before in another size.
@Suite struct SizeWordTests {
    static let master = MasterData(products: [
        Product(sku: "GLV-NIT-S", name: "Nitrile Exam Gloves Powder-Free S (100 pcs)", aliases: ["nitrile gloves S", "丁腈手套 小号"], unit: "box"),
        Product(sku: "GLV-NIT-M", name: "Nitrile Exam Gloves Powder-Free M (100 pcs)", aliases: ["nitrile gloves M", "丁腈手套 中号"], unit: "box"),
        Product(sku: "GLV-LTX-M", name: "Latex Exam Gloves Powder-Free M (100 pcs)", aliases: ["latex gloves M"], unit: "box"),
    ], customers: [])

    @Test func sizesInWords() {
        #expect(SizeVariants.size(in: "nitrile gloves in medium") == "m")
        #expect(SizeVariants.size(in: "three large nail clippers") == "l")
        #expect(SizeVariants.size(in: "gloves, extra large") == "xl")
        // "Powder-Free" is no size F: the product has one size, M.
        #expect(SizeVariants.size(in: "Nitrile Exam Gloves Powder-Free M (100 pcs)") == "m")
        #expect(Self.master.product(matching: "nitrile gloves in medium")?.sku == "GLV-NIT-M")
    }

    @Test func aCountAndASizeAloneAreTheItemBeforeInThatSize() {
        let parser = LineItemParser(master: Self.master)
        let items = parser.parse([TextLine(text: "Could we please get a dozen boxes of nitrile gloves in medium and half a dozen boxes in small?", location: "body line 3")])
        #expect(items.map(\.line.sku) == ["GLV-NIT-M", "GLV-NIT-S"])
        #expect(items.map(\.line.quantity) == ["12", "6"])
        // A size with another product's words is not the item before.
        let other = parser.parse([TextLine(text: "Please send 2 boxes of nitrile gloves in medium and 3 boxes of latex gloves in medium.", location: "body line 3")])
        #expect(other.map(\.line.sku) == ["GLV-NIT-M", "GLV-LTX-M"])
    }
}
