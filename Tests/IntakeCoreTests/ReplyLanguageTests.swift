import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// Issue 19, point 3: a reply is in the customer's language, else the order's, else the desk's,
/// and signed with the desk's name in that language.
@Suite struct ReplyLanguageTests {
    @Test func aCustomerWithoutALanguageIsAnsweredInTheLanguageOfTheOrder() async throws {
        let testDesk = try TestDesk(withExamples: false)
        let yaml = try String(contentsOfFile: testDesk.folder.file("config/intake.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  name: Test desk\n", with: "  name:\n    en: Mingcheng order desk\n    zh-TW: 明誠文具 訂單組\n")
            .replacingOccurrences(of: "  language: zh-TW\n", with: "  language: en\n")
        _ = testDesk.folder.write("config/intake.yaml", yaml)
        let customers = try String(contentsOfFile: testDesk.folder.file("config/customers.csv"), encoding: .utf8)
        _ = testDesk.folder.write("config/customers.csv", customers + "lin@linji.example,林美玲,林記文具行,02-2345-6789,,bank_transfer,台北市大安區復興南路一段100號\n")
        _ = testDesk.folder.write("inbox/order.eml", TestMail.make(
            messageID: "tw-order@linji.example", contentType: "text/plain; charset=utf-8", subject: "訂購",
            from: "林美玲 <lin@linji.example>", body: "您好，\n\n請送A4影印紙 10箱，謝謝。\n\n林美玲\n"))
        let configuration = try DeskConfiguration.load(directory: testDesk.configDirectory)
        #expect(configuration.desk.name == "Mingcheng order desk", "the desk language's name is the default")
        let desk = try await Desk(configuration: configuration, logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        let order = try #require(try await desk.review.queue(states: nil).first)
        #expect(order.language == "zh-TW")
        let record = try #require(try await desk.store.outbox(order: order.number).first { $0.purpose == "confirmation" })
        let mail = try MIMEParser().parse(try #require(try await desk.store.outboxMessage(id: record.id)?.1))
        let text = try #require(mail.bodyParts().first?.decodedText(fallbackCharsets: []).text)
        #expect(text.contains("明誠文具 訂單組"), "signed with the zh-TW name: \(text)")
        #expect(!text.contains("Mingcheng order desk"))
        #expect(text.contains("訂單"), "the zh-TW template")
    }
}
