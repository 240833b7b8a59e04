import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// What blind round 6's three wrong auto-approvals taught, each as a general rule: a phone with
/// its person in brackets, a product named only in part, a colleague's list forwarded with an
/// exception, and who the customer is when a forward stays inside one company.
@Suite struct Round6LessonsTests {
    @Test func aPhoneWithItsPersonInBracketsIsSplitAndAnAddressHoldingAPhoneIsForAPerson() {
        let document = PlainOrderMail.extract("A4复印纸 5箱\n送货地址：深圳市南山区后海大道1888号B1收货区，电话13823456789（李师傅）").document
        #expect(document.shipTo.address == "深圳市南山区后海大道1888号B1收货区")
        #expect(document.shipTo.phone == "13823456789")
        #expect(document.shipTo.recipient == "李师傅")
        #expect(ShipToReader.nameAndPhone("13823456789（李师傅）") == (name: "李师傅", phone: "13823456789"))
    }

    @Test func aProductNamedOnlyInPartIsForAPerson() {
        let master = MasterData(products: [Product(sku: "LN-PIL", name: "Hotel Pillow Microfibre 1000g", aliases: ["pillow"], unit: "pcs")], customers: [])
        #expect(MissedItemChecks.unnamedWords("Pillow protector, waterproof, 50x75", product: master.products[0]) != nil)
        #expect(MissedItemChecks.unnamedWords("pillow 1000g", product: master.products[0]) == nil)
    }

    @Test func aVariantsNumberMustAgree() {
        let level1 = Product(sku: "MSK-L1", name: "Surgical Face Mask ASTM Level 1 (50 pcs)", aliases: ["surgical masks"], unit: "box")
        #expect(MissedItemChecks.unnamedWords("Surgical masks ASTM Level 3", product: level1) != nil)
        #expect(MissedItemChecks.unnamedWords("Surgical masks ASTM Level 1", product: level1) == nil)
        // The count written beside the name is no variant's number.
        #expect(MissedItemChecks.unnamedWords("surgical masks x 12", product: level1, quantity: "12") == nil)
    }

    @Test func aForwardedListLosesTheItemTheSenderExcepts() {
        let body = """
        Please supply everything on Winnie's list below except the HP 26A toner – we still have plenty. Our PO no. is TGH-45821.

        Tony

        -----Original Message-----
        From: Winnie Tsang <winnie@hsinyi-tech.com.tw>
        Sent: Friday, March 6, 2026 6:12 PM
        To: Chen Wei <chen.wei@hsinyi-tech.com.tw>
        Subject: top-up

        Could you order the following:
        - A4 copy paper: 10 boxes
        - HP 26A toner: 2 pcs
        """
        let extraction = PlainOrderMail.extract(body, subject: "FW: top-up")
        #expect(extraction.document.lines.map(\.sku) == ["PAP-A4-80"])
        // The forward stays inside the customer's company and the forwarder orders on it.
        #expect(extraction.document.customer.email == "chen.wei@hsinyi-tech.com.tw")
        #expect(!extraction.document.issues.contains { $0.code == "unexplained_figures" }, "\(extraction.document.issues)")
    }

    @Test func aForwardPassedOnAsItIsIsTheOriginalSenders() {
        let body = "FYI, forwarding our buyer's order.\n\n---------- Forwarded message ---------\nFrom: Tony Leung <orders@hsinyi-tech.com.tw>\nDate: Fri, 26 Mar 2027 at 09:12\nSubject: PO 7801\n\nPlease supply 8 boxes of A4 copy paper.\n"
        #expect(PlainOrderMail.extract(body, subject: "Fwd: PO 7801").document.customer.email == "orders@hsinyi-tech.com.tw")
    }

    @Test(arguments: [("ship_name", OrderKeyMeaning.Field.recipient), ("order.delivery.contact_name", .recipient)])
    func aShippingNameIsTheRecipient(_ key: String, _ field: OrderKeyMeaning.Field) {
        #expect(OrderKeyMeaning.meaning(of: key)?.field == field)
    }

    @Test func aReceivingDockIsPartOfTheAddressNotAPerson() {
        #expect(!ShipToReader.looksLikeName("Receiving Dock"))
    }
}
