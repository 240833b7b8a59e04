import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// The order after its confirmation: each step checks its transition, records an event and,
/// where the customer should hear of it, queues a threaded email in their language.
@Suite struct OrderLifecycleTests {
    /// The example desk after one cycle: orders 1, 2, 3, 5, 8, 9 and 10 confirmed, 4, 6, 7 in review.
    func confirmedDesk() async throws -> (TestDesk, Desk) {
        let testDesk = try TestDesk()
        let configuration = try DeskConfiguration.load(directory: testDesk.configDirectory)
        let desk = try await Desk(configuration: configuration, logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        return (testDesk, desk)
    }

    func message(_ desk: Desk, _ notice: OutgoingMessage?) async throws -> MIMEMessage {
        let record = try #require(try await desk.store.outbox().first { $0.messageID == notice?.messageID })
        let bytes = try #require(try await desk.store.outboxMessage(id: record.id)?.1)
        return try MIMEParser().parse(bytes)
    }

    @Test func shippingTellsTheCustomerWithTrackingInTheirLanguageThreadedToTheOrder() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let number = OrderNumber(year: 2026, sequence: 1)
            let before = try await desk.review.order(number)
            #expect(before.state == .confirmed)
            let result = try await desk.followUp.apply(.ship(carrier: "黑貓宅急便", tracking: "TW123456789"), to: number)
            #expect(result.order.state == .shipped)
            #expect(result.order.fulfilment.trackingNumber == "TW123456789")
            #expect(result.order.fulfilment.shippedAt != nil)
            let mail = try await message(desk, result.notice)
            #expect(mail.subject == "訂單 SO-2026-00001 已出貨（貴司單號 HY-PO-20261120）")
            let text = try #require(mail.bodyParts().first?.decodedText(fallbackCharsets: []).text)
            #expect(text.contains("貨運單號：TW123456789"))
            #expect(text.contains("黑貓宅急便"))
            #expect(text.contains("［PAP-A4-80］"), "the shared lines partial is rendered")
            #expect(mail.headers.value("Auto-Submitted") == "auto-generated")
            let confirmation = try #require(try await desk.store.outbox(order: number).first { $0.purpose == "confirmation" })
            #expect(mail.inReplyTo == [try #require(before.sourceMessageID)])
            #expect(mail.references.contains(confirmation.messageID))
            #expect(mail.headers.value("Message-ID")?.contains("SO-2026-00001.shipped") == true)
            // The event holds the change.
            let events = try await desk.store.events(subject: number.description)
            #expect(events.last?.action == "shipped")
            #expect(events.last?.detail == "黑貓宅急便, tracking TW123456789")
            // Delivered and completed: no email, dates kept, the order is final.
            #expect(try await desk.followUp.apply(.deliver, to: number).notice == nil)
            let completed = try await desk.followUp.apply(.complete, to: number)
            #expect(completed.order.state == .completed)
            #expect(completed.order.fulfilment.completedAt != nil)
            await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.cancel(reason: "too late"), to: number) }
        }
    }

    @Test func hostileTextFromAnAssistantOrAnExportStaysInTheBody() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let result = try await desk.followUp.apply(.ship(carrier: "DHL\r\nBcc: victim@evil.example", tracking: "<script>alert(1)</script>"),
                                        to: OrderNumber(year: 2026, sequence: 2))
            let record = try #require(try await desk.store.outbox().first { $0.messageID == result.notice?.messageID })
            let raw = String(decoding: try #require(try await desk.store.outboxMessage(id: record.id)?.1), as: UTF8.self)
            let headerBlock = raw.components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(!headerBlock.lowercased().contains("bcc"), "no header comes from the carrier text")
            let message = try MIMEParser().parse(Array(raw.utf8))
            #expect(message.headers.value("Bcc") == nil)
            let html = try #require(message.root.allParts.first { $0.contentType.value == "text/html" }?.decodedText(fallbackCharsets: []).text)
            #expect(!html.contains("<script>"))
            #expect(html.contains("&lt;script&gt;"))
        }
    }

    @Test func illegalStepsAreRefusedWithTheReasonAndChangeNothing() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let confirmed = OrderNumber(year: 2026, sequence: 2)
            let inReview = OrderNumber(year: 2026, sequence: 4)
            let outboxBefore = try await desk.store.outbox().count
            let deliver = await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.deliver, to: confirmed) }
            #expect(deliver?.message.hasPrefix("SO-2026-00002 is confirmed and cannot become delivered") == true, "\(deliver?.message ?? "")")
            let ship = await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.ship(carrier: nil, tracking: nil), to: inReview) }
            #expect(ship?.message.hasPrefix("SO-2026-00004 is waiting for review and cannot become shipped") == true, "\(ship?.message ?? "")")
            let date = await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.delay(until: "2026-13-01", reason: "stock"), to: confirmed) }
            #expect(date?.message.contains("YYYY-MM-DD") == true)
            let reason = await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.delay(until: Self.day(in: 20), reason: "  "), to: confirmed) }
            #expect(reason?.message.contains("needs a reason") == true)
            await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.release, to: confirmed) }
            await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.complete, to: OrderNumber(year: 2026, sequence: 999)) }
            #expect(try await desk.review.order(confirmed).state == .confirmed)
            #expect(try await desk.review.order(confirmed).fulfilment.isEmpty)
            #expect(try await desk.store.outbox().count == outboxBefore)
        }
    }

    /// A day `days` from today (UTC), as `--until` takes it: tests must not age into the past.
    static func day(in days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }

    @Test func aDelayExplainsTheReasonAndTheNewDate() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let number = OrderNumber(year: 2026, sequence: 3)
            let first = Self.day(in: 15), second = Self.day(in: 30)
            let asked = try await desk.review.order(number).requestedDeliveryDate
            let result = try await desk.followUp.apply(.delay(until: first, reason: "The paper mill shipped late"), to: number)
            #expect(result.order.state == .confirmed)
            #expect(result.order.fulfilment.promisedDate == first)
            let mail = try await message(desk, result.notice)
            let text = try #require(mail.bodyParts().first?.decodedText(fallbackCharsets: []).text)
            #expect(text.contains("The paper mill shipped late"))
            #expect(text.contains(first))
            if let asked { #expect(text.contains("will not arrive on \(asked)"), "the first delay quotes the date asked for") }
            #expect(try #require(mail.subject).contains(first))
            // A second delay quotes the date the first one promised, not the original.
            let again = try await desk.followUp.apply(.delay(until: second, reason: "Customs inspection"), to: number)
            let secondText = try #require(try await message(desk, again.notice).bodyParts().first?.decodedText(fallbackCharsets: []).text)
            #expect(secondText.contains("will not arrive on \(first)"), "\(secondText)")
            #expect(secondText.contains(second))
            // A date in the past is refused, and nothing is sent.
            let outbox = try await desk.store.outbox().count
            let past = await #expect(throws: IntakeError.self) { try await desk.followUp.apply(.delay(until: Self.day(in: -3), reason: "late"), to: number) }
            #expect(past?.message.contains("is in the past") == true, "\(past?.message ?? "")")
            #expect(try await desk.store.outbox().count == outbox)
            #expect(try await desk.review.order(number).fulfilment.promisedDate == second)
        }
    }

    @Test func holdReturnsWhereItCameFromAndCancellationTellsOnlyAConfirmedCustomer() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let confirmed = OrderNumber(year: 2026, sequence: 5)
            let held = try await desk.followUp.apply(.hold(reason: "credit check"), to: confirmed)
            #expect(held.order.state == .onHold)
            #expect(held.notice == nil)
            #expect(try await desk.followUp.apply(.release, to: confirmed).order.state == .confirmed)
            let cancelled = try await desk.followUp.apply(.cancel(reason: "customer found stock"), to: confirmed)
            #expect(cancelled.order.state == .cancelled)
            #expect(cancelled.notice?.purpose == "cancellation")
            let text = try #require(try await message(desk, cancelled.notice).bodyParts().first?.decodedText(fallbackCharsets: []).text)
            #expect(text.contains("customer found stock"))
            // Never confirmed: cancelled quietly, with the reason why no email went out.
            let inReview = try await desk.followUp.apply(.cancel(reason: "duplicate"), to: OrderNumber(year: 2026, sequence: 6))
            #expect(inReview.order.state == .cancelled)
            #expect(inReview.notice == nil)
            #expect(inReview.noNoticeReason?.contains("no confirmation yet") == true)
        }
    }

    @Test func aStatusExportIsAppliedRowByRowAndTwiceChangesNothing() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        do { defer { withExtendedLifetime(testDesk) {} }
            let csv = """
                Order;Status;Date;Carrier;Tracking
                SO-2026-00008;shipped;2026-12-01;DHL;JD0146
                SO-2026-00009;shipped;;;
                SO-2026-00009;已完成;2026-12-05T10:00:00+08:00;;
                SO-2026-00004;shipped;;;
                SO-2026-77;shipped;;;
                banana;shipped;;;
                SO-2026-00010;lost;;;
                SO-2026-00010;delivered;12/05/2026;;

                """
            let report = await desk.followUp.importStatus(csv: csv)
            #expect(report.applied.map(\.line) == [2, 3, 4])
            #expect(report.failed.map(\.line) == [5, 6, 7, 8, 9])
            #expect(report.failed.first { $0.line == 5 }?.outcome.contains("waiting for review and cannot become shipped") == true)
            #expect(report.failed.first { $0.line == 6 }?.outcome.contains("no order SO-2026-00077") == true)
            #expect(report.failed.first { $0.line == 8 }?.outcome.contains("lost") == true)
            #expect(report.failed.first { $0.line == 9 }?.outcome.contains("12/05/2026") == true)
            let shipped = try await desk.review.order(OrderNumber(year: 2026, sequence: 8))
            #expect(shipped.state == .shipped)
            #expect(shipped.fulfilment.carrier == "DHL")
            #expect(desk.format(try #require(shipped.fulfilment.shippedAt), "yyyy-MM-dd") == "2026-12-01")
            let completed = try await desk.review.order(OrderNumber(year: 2026, sequence: 9))
            #expect(completed.state == .completed)
            #expect(desk.format(try #require(completed.fulfilment.completedAt), "yyyy-MM-dd HH:mm") == "2026-12-05 10:00")
            #expect(try await desk.store.outbox().filter { $0.purpose == "shipped" }.count == 2)

            let again = await desk.followUp.importStatus(csv: csv)
            #expect(again.applied.isEmpty)
            #expect(again.skipped.map(\.line) == [2, 3, 4])
            #expect(try await desk.store.outbox().filter { $0.purpose == "shipped" }.count == 2)
        }
    }
}
