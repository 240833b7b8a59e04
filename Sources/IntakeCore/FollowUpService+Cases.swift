import Foundation
import IntakeExtraction
public import IntakeModel
import IntakeRendering


/// A case with what an assistant needs beside it: its order and the customer's words.
public struct CaseDetail: Sendable, Encodable {
    public var record: CaseRecord
    public var order: Order?
    public var events: [EventRecord]
    /// The complaint as the assistant reads it (headers and text).
    public var sourceText: String?
}

extension FollowUpService {
    public func cases(states: [CaseState]? = Array(CaseState.unresolved)) async throws(IntakeError) -> [CaseRecord] {
        try await reading { try $0.cases(states: states) }
    }

    public func caseDetail(_ id: Int64) async throws(IntakeError) -> CaseDetail {
        guard let record = try await reading({ try $0.caseRecord(id: id) }) else {
            throw IntakeError(code: .notFound, message: "there is no case \(id); see intake case list")
        }
        let (order, events, item, original) = try await reading { store in
            let item = try store.item(id: record.itemID)
            return (try record.orderNumber.flatMap { number throws(StoreError) in try store.order(number) },
                    try store.events(subject: "case:\(id)"), item, item.flatMap { try? store.original(hash: $0.contentHash) })
        }
        let text = item.flatMap { item in
            original.map { SourcePreview.text(bytes: $0, filename: item.filename, fallbackCharsets: configuration.fallbackCharsets) }
        }
        return CaseDetail(record: record, order: order, events: events, sourceText: text)
    }

    /// Sets who owns a case and, optionally, corrects its category.
    @discardableResult
    public func assignCase(_ id: Int64, owner: String?, category: CaseCategory?) async throws(IntakeError) -> CaseRecord {
        let detail = [owner.map { "owner \($0)" }, category.map { "category \($0)" }].compactMap { $0 }.joined(separator: ", ")
        guard !detail.isEmpty else { throw IntakeError(code: .invalidEdit, message: "give --owner or --category") }
        let (now, actor) = (clock(), self.actor)
        return try await writing { store in
            try store.updateCase(id: id, allowedFrom: CaseState.unresolved, state: nil, owner: owner, category: category, at: now, actor: actor,
                                 action: "assigned", detail: detail, notice: nil)
        }
    }

    /// Answers the customer from the `case_answer` template with the assistant's text, threaded
    /// to their complaint; the case becomes `answered`. A complaint naming no order of ours is
    /// answered by hand (there is no order to write about).
    @discardableResult
    public func answerCase(_ id: Int64, message: String) async throws(IntakeError) -> (CaseRecord, OutgoingMessage) {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "the answer is empty; write it with --message \"…\" or --message-file FILE")
        }
        let detail = try await caseDetail(id)
        guard detail.record.state != .resolved else {
            throw IntakeError(code: .illegalTransition, message: "case \(id) is resolved; it cannot be answered again")
        }
        guard let order = detail.order else {
            throw IntakeError(code: .invalidEdit, message: "case \(id) is about no order of ours (\(detail.record.summary)); answer the customer by hand, then resolve it")
        }
        let item = try await reading { try $0.item(id: detail.record.itemID) }
        let notice = try await mailer.orderEmail(order, purpose: .caseAnswer, autoSubmitted: "auto-replied", inReplyTo: item?.messageID) { view in
            view.message = message
        }
        let (now, actor) = (clock(), self.actor)
        let record = try await writing { store in
            try store.updateCase(id: id, allowedFrom: CaseState.unresolved, state: .answered, owner: nil, category: nil, at: now, actor: actor,
                                 action: "answered", detail: String(message.prefix(200)), notice: notice)
        }
        return (record, notice)
    }

    @discardableResult
    public func resolveCase(_ id: Int64, note: String?) async throws(IntakeError) -> CaseRecord {
        let (now, actor) = (clock(), self.actor)
        return try await writing { store in
            try store.updateCase(id: id, allowedFrom: CaseState.unresolved, state: .resolved, owner: nil, category: nil, at: now, actor: actor,
                                 action: "resolved", detail: note, notice: nil)
        }
    }
}
