import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Tables as systems export them: the header below a title and a block of labelled fields,
/// columns named by a qualifier (`item_sku`, `item_name`), order fields in columns of their own,
/// and note rows under the lines.
@Suite struct ExportedTableTests {
    func extract(_ text: String, filename: String) -> OrderDocument {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(text.utf8), filename: filename, fileLabel: filename).document
    }

    @Test func aHeaderBelowLabelledFieldsIsFoundAndTheFieldsRead() {
        let csv = """
            Purchase Order,,,,
            PO No,ACME-2291,,,
            Email,chen.wei@hsinyi-tech.com.tw,,,
            Delivery date,2026-12-20,,,
            Payment,bank transfer,,,
            ,,,,
            No,Item code,Description,Qty,Unit
            1,PAP-A4-80,A4 Copy Paper 80gsm,10,box
            2,TON-HP-26A,HP 26A Toner Cartridge,2,pc
            Total,,,12,
            Note,please call before delivery,,,
            """
        let document = extract(csv, filename: "po-export.csv")
        #expect(document.kind == .order)
        #expect(document.purchaseOrder == "ACME-2291")
        #expect(document.customer.email == "chen.wei@hsinyi-tech.com.tw")
        #expect(document.requestedDeliveryDate == "2026-12-20")
        #expect(document.paymentMethod == .bankTransfer)
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.quantity) == ["10", "2"])
    }

    @Test func qualifiedColumnsAndOrderFieldsInColumnsOfTheirOwn() {
        let csv = """
            order_no,buyer_email,recipient,ship_address,ship_phone,item_sku,item_name,qty,unit_price
            WEB-77,chen.wei@hsinyi-tech.com.tw,陳偉,台北市信義區松仁路100號8樓,02-2720-1234,PAP-A4-80,A4 paper,3,650
            WEB-77,chen.wei@hsinyi-tech.com.tw,陳偉,台北市信義區松仁路100號8樓,02-2720-1234,TON-HP-26A,HP toner,1,2400
            """
        let document = extract(csv, filename: "shop-export.csv")
        #expect(document.kind == .order)
        #expect(document.purchaseOrder == "WEB-77")
        #expect(document.shipTo.address == "台北市信義區松仁路100號8樓")
        #expect(document.shipTo.phone == "02-2720-1234")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.unitPrice) == ["650", "2400"])
    }
}
