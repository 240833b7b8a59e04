import Foundation
import IntakeExtraction
public import IntakeModel
import IntakeRendering
public import IntakeStore

/// A case with what an assistant needs beside it: its order and the customer's words.
public struct CaseDetail: Sendable, Encodable {
    public var record: CaseRecord
    public var order: Order?
    public var events: [EventRecord]
    /// The complaint as the assistant reads it (headers and text).
    public var sourceText: String?
}

extension Desk {
    public static let caseCategories = ["late_delivery", "damaged", "wrong_item", "quality", "billing", "other"]

    public func cases(states: [String]? = ["open", "answered"]) throws(IntakeError) -> [CaseRecord] {
        try storeCall { () throws(StoreError) in try store.cases(states: states) }
    }

    public func caseDetail(_ id: Int64) throws(IntakeError) -> CaseDetail {
        guard let record = try storeCall({ () throws(StoreError) in try store.caseRecord(id: id) }) else {
            throw IntakeError(code: .notFound, message: "there is no case \(id); see intake case list")
        }
        let order = try record.orderNumber.flatMap { number throws(IntakeError) in try storeCall { () throws(StoreError) in try store.order(number) } }
        let events = try storeCall { () throws(StoreError) in try store.events(subject: "case:\(id)") }
        let item = try storeCall { () throws(StoreError) in try store.item(id: record.itemID) }
        let text = item.flatMap { item in
            (try? store.original(hash: item.contentHash))?.map { SourcePreview.text(bytes: $0, filename: item.filename, fallbackCharsets: configuration.fallbackCharsets) }
        }
        return CaseDetail(record: record, order: order, events: events, sourceText: text)
    }

    /// Sets who owns a case and, optionally, corrects its category.
    @discardableResult
    public func assignCase(_ id: Int64, owner: String?, category: String?) throws(IntakeError) -> CaseRecord {
        if let category, !Self.caseCategories.contains(category) {
            throw IntakeError(code: .invalidEdit, message: "category \(category) is not one of \(Self.caseCategories.joined(separator: ", "))")
        }
        let detail = [owner.map { "owner \($0)" }, category.map { "category \($0)" }].compactMap { $0 }.joined(separator: ", ")
        guard !detail.isEmpty else { throw IntakeError(code: .invalidEdit, message: "give --owner or --category") }
        return try storeCall { () throws(StoreError) in
            try store.updateCase(id: id, allowedFrom: ["open", "answered"], owner: owner, category: category, at: clock(), actor: actor,
                                 action: "assigned", detail: detail)
        }
    }

    /// Answers the customer from the `case_answer` template with the assistant's text, threaded
    /// to their complaint; the case becomes `answered`. A complaint naming no order of ours is
    /// answered by hand (there is no order to write about).
    @discardableResult
    public func answerCase(_ id: Int64, message: String) throws(IntakeError) -> (CaseRecord, OutgoingMessage) {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "the answer is empty; write it with --message \"…\" or --message-file FILE")
        }
        let detail = try caseDetail(id)
        guard detail.record.state != "resolved" else {
            throw IntakeError(code: .illegalTransition, message: "case \(id) is resolved; it cannot be answered again")
        }
        guard let order = detail.order else {
            throw IntakeError(code: .invalidEdit, message: "case \(id) is about no order of ours (\(detail.record.summary)); answer the customer by hand, then resolve it")
        }
        let item = try storeCall { () throws(StoreError) in try store.item(id: detail.record.itemID) }
        let notice = try orderEmail(order, purpose: "case_answer", autoSubmitted: "auto-replied",
                                    renderer: TemplateRenderer(directory: configuration.templatesDirectory), inReplyTo: item?.messageID) { view in
            view.message = message
        }
        let record = try storeCall { () throws(StoreError) in
            try store.updateCase(id: id, allowedFrom: ["open", "answered"], state: "answered", at: clock(), actor: actor,
                                 action: "answered", detail: String(message.prefix(200)), notice: notice)
        }
        return (record, notice)
    }

    @discardableResult
    public func resolveCase(_ id: Int64, note: String?) throws(IntakeError) -> CaseRecord {
        try storeCall { () throws(StoreError) in
            try store.updateCase(id: id, allowedFrom: ["open", "answered"], state: "resolved", at: clock(), actor: actor, action: "resolved", detail: note)
        }
    }
}
