import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// The ship-to is read as people write it: address, recipient and phone apart, labelled or not,
/// in a block or a sentence; a signature's address or phone is never the ship-to; the address on
/// file is used only when none is written, and the source says so.
@Suite struct ShipToBlockTests {
    func extract(_ body: String) -> Extraction { PlainOrderMail.extract(body) }


    @Test func aChineseDeliverySentenceGivesAddressPhoneAndRecipient() {
        let shipTo = extract("A4影印紙 10箱\n送店裡：高雄市三民區建工路415號，電話 07-385-6677，收件人黃國華。\n謝謝").document.shipTo
        #expect(shipTo.address == "高雄市三民區建工路415號")
        #expect(shipTo.phone == "07-385-6677")
        #expect(shipTo.recipient == "黃國華")
    }

    @Test func anUnlabelledBlockUnderALabelIsToldApartByShape() {
        let shipTo = extract("A4影印紙 10箱\n\n收件：\n林俊傑\n台中市大里區中興路二段356號\n0922-123-456\n\n謝謝").document.shipTo
        #expect(shipTo.recipient == "林俊傑")
        #expect(shipTo.address == "台中市大里區中興路二段356號")
        #expect(shipTo.phone == "0922-123-456")
    }

    @Test func anEnvelopeBlockWithAttnAndPhoneLabels() {
        let body = "A4 copy paper 10 boxes\n\nShip to:\nAttn: Luis Ortega\n2450 Alvarado St, Bldg B\nSan Leandro, CA 94577\nPhone: (510) 555-0199\n\nThanks"
        let shipTo = extract(body).document.shipTo
        #expect(shipTo.recipient == "Luis Ortega")
        #expect(shipTo.address == "2450 Alvarado St, Bldg B, San Leandro, CA 94577")
        #expect(shipTo.phone == "(510) 555-0199")
    }

    @Test func aPhoneOnTheAddressLineAndAContactOnSiteAreSplitOff() {
        let body = "A4 copy paper 10 boxes\nDeliver to: 新北市板橋區文化路一段188號5樓 電話02-2960-1234\nContact on site: Marcus Tan (head chef), +65 9123 4567"
        let shipTo = extract(body).document.shipTo
        #expect(shipTo.address == "新北市板橋區文化路一段188號5樓")
        #expect(shipTo.phone == "02-2960-1234")
        #expect(shipTo.recipient == "Marcus Tan")
    }

    @Test func aBillingAddressEndsTheShipToBlock() {
        let body = "A4复印纸 5箱\n收货地址：浙江省杭州市萧山区建设一路66号 通达物流园3号仓\n发票寄送：浙江省杭州市滨江区江南大道588号 财务部\n收货人：李强 电话 0571-8765-4300"
        let shipTo = extract(body).document.shipTo
        #expect(shipTo.address == "浙江省杭州市萧山区建设一路66号 通达物流园3号仓")
        #expect(shipTo.recipient == "李强")
        #expect(shipTo.phone == "0571-8765-4300")
    }

    @Test func theSignaturesAddressAndPhoneAreNotTheShipTo() {
        let body = "Please send 10 boxes of A4 copy paper.\n\nBest regards,\nChen Wei\nAddress: 12F, No. 7, Xinyi Rd, Taipei 110\nTel: 02-2712-3456"
        let extraction = extract(body)
        #expect(extraction.document.shipTo.phone == nil)
        // Not written: the customer's address on file, and the source says so.
        #expect(extraction.document.shipTo.address != "12F, No. 7, Xinyi Rd, Taipei 110")
        let origin = extraction.origins.first { $0.field == "shipTo.address" }
        #expect(origin == nil || origin?.location == "customers.csv")
    }

    @Test(arguments: ["Please deliver to our usual address by 2026-12-10.", "Same address as last time please.", "送到老地方，謝謝"])
    func theUsualAddressIsNotAnAddress(_ sentence: String) {
        let extraction = extract("A4 copy paper 10 boxes\n\(sentence)")
        let address = extraction.document.shipTo.address ?? ""
        #expect(!address.lowercased().contains("usual") && !address.contains("老地方") && !address.lowercased().contains("same"), "\(address)")
        let origin = extraction.origins.first { $0.field == "shipTo.address" }
        #expect(origin == nil || origin?.location == "customers.csv", "\(String(describing: origin))")
    }

    @Test func anEnglishDeliverySentenceStopsBeforeTheDeadline() {
        let shipTo = extract("A4 copy paper 10 boxes\nPlease deliver to 12 Harbour Road, Wan Chai, Hong Kong by Friday.").document.shipTo
        #expect(shipTo.address == "12 Harbour Road, Wan Chai, Hong Kong")
    }

    @Test func aLabelWithARemarkAStreetNumberLineAndOpeningHours() {
        let body = """
        A4 copy paper 10 boxes

        Ship to (warehouse):
        Receiving Dock B, Building 3
        2200 Harbor Bay Parkway
        Sha Tin, N.T.
        Contact on site: Dana Ortiz, (510) 555-0143
        Receiving hours Mon-Fri 9:00-17:00.
        """
        let shipTo = extract(body).document.shipTo
        #expect(shipTo.address == "Receiving Dock B, Building 3, 2200 Harbor Bay Parkway, Sha Tin, N.T.")
        #expect(shipTo.recipient == "Dana Ortiz")
        #expect(shipTo.phone == "(510) 555-0143")
    }

    @Test func aPhoneInBracketsAndARemarkBeforeTheAddress() {
        let bracketed = extract("A4影印紙 10箱\n送貨地址：九龍何文田公主道88號科研大樓7樓705室(電話 2766 5432)").document.shipTo
        #expect(bracketed.address == "九龍何文田公主道88號科研大樓7樓705室")
        #expect(bracketed.phone == "2766 5432")
        let remark = extract("A4影印紙 10箱\n請寄到我們新倉庫：台中市南屯區五權西路二段666號，收件人張家豪，手機0933-221-456。").document.shipTo
        #expect(remark.address == "台中市南屯區五權西路二段666號")
        #expect(remark.recipient == "張家豪")
    }
}
