import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SQLiteTransaction.insertFollowUp`: what a processed item adds, in the item's transaction.
    func insertFollowUp(_ followUp: FollowUpRecords, itemID: Int64, actor: String) throws {
        if let new = followUp.newCase {
            try insertCase(itemID: itemID, new, at: followUp.at, actor: actor)
        }
        if let change = followUp.newChange {
            try insertChange(itemID: itemID, change, at: followUp.at, actor: actor)
        }
        if let answer = followUp.surveyAnswer {
            recordSurveyAnswer(answer, itemID: itemID, at: followUp.at, actor: actor)
        }
        if let optOut = followUp.optOut {
            recordOptOut(email: optOut.email, how: optOut.how, itemID: itemID, at: followUp.at, actor: actor)
        }
    }

    // MARK: Cases

    /// `SQLiteTransaction.insertCase`: `INSERT OR IGNORE` on `cases.item_id UNIQUE` (the same
    /// item never opens two), then the foreign key to `orders(number)`, which `OR IGNORE` does
    /// not cover: a case naming an order we do not have fails the write.
    func insertCase(itemID: Int64, _ new: FollowUpRecords.NewCase, at: Date, actor: String) throws {
        guard !state.cases.contains(where: { $0.itemID == itemID }) else { return }
        let orderText = new.order?.description
        guard orderExists(orderText), itemRow(itemID) != nil else { throw MemoryConstraintError.foreignKey }
        let id = Int64(state.cases.count + 1)
        state.cases.append(MemoryCaseRow(id: id, orderNumber: orderText, itemID: itemID, customerEmail: new.customerEmail?.lowercased(),
                                         category: new.category, state: .open, summary: new.summary, openedAt: StoredDate(at)))
        appendEvent(actor: actor, subject: "case:\(id)", action: "opened",
                    detail: "\(new.category)\(new.order.map { " about \($0)" } ?? ", no known order")")
        if let order = new.order {
            appendEvent(actor: actor, subject: order.description, action: "complaint", detail: "case \(id): \(new.category)")
        }
    }

    func cases(states: [CaseState]?) throws(StoreError) -> [CaseRecord] {
        state.cases.filter { Self.matches($0.state, states) }.map(\.record)
    }

    func caseRow(_ id: Int64) -> MemoryCaseRow? {
        guard id >= 1, id <= Int64(state.cases.count) else { return nil }
        return state.cases[Int(id - 1)]
    }

    func caseRecord(id: Int64) throws(StoreError) -> CaseRecord? {
        caseRow(id)?.record
    }

    /// A customer's cases not resolved, by the lower-cased address (as stored), oldest first.
    func openCases(customer email: String) throws(StoreError) -> [CaseRecord] {
        let address = email.lowercased()
        return state.cases.filter { $0.customerEmail == address && $0.state != .resolved }.map(\.record)
    }

    /// `SQLiteTransaction.updateCase`: `allowedFrom` guards the transition (`.rule`); nil fields
    /// keep their value (`coalesce`); becoming `answered` or `resolved` stamps its time.
    @discardableResult
    func updateCase(id: Int64, allowedFrom: Set<CaseState>?, state newState: CaseState?, owner: String?, category: CaseCategory?, at: Date, actor: String,
                    action: String, detail: String?, notice: OutgoingMessage?) throws(StoreError) -> CaseRecord {
        try write("updating case \(id)") {
            guard var row = caseRow(id) else {
                throw StoreError(code: .notFound, message: "there is no case \(id); see intake case list")
            }
            if let allowedFrom, !allowedFrom.contains(row.state) {
                throw StoreError(code: .rule, message: "case \(id) is \(row.state); it cannot be \(action) (allowed from: \(allowedFrom.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            row.state = newState ?? row.state
            row.owner = owner ?? row.owner
            row.category = category ?? row.category
            if newState == .answered { row.answeredAt = StoredDate(at) }
            if newState == .resolved { row.resolvedAt = StoredDate(at) }
            state.cases[Int(id - 1)] = row
            appendEvent(actor: actor, subject: "case:\(id)", action: action, detail: detail)
            if let notice { _ = try insertOutbox(notice, actor: actor) }
            return row.record
        }
    }

    // MARK: Opt-outs

    /// `SQLiteTransaction.recordOptOut`: `INSERT OR IGNORE` on the lower-cased address, so the
    /// first opt-out stays and only it is logged.
    func recordOptOut(email: String, how: String, itemID: Int64?, at: Date, actor: String) {
        let address = email.lowercased()
        guard state.optOuts[address] == nil else { return }
        state.optOuts[address] = MemoryOptOut(at: StoredDate(at), how: how, itemID: itemID)
        appendEvent(actor: actor, subject: "customer:\(address)", action: "opted out", detail: how)
    }

    func isOptedOut(_ email: String) throws(StoreError) -> Bool {
        state.optOuts[email.lowercased()] != nil
    }
}
