import Foundation
public import IntakeExtraction
public import IntakeModel


/// Everything `intake queue show` prints about one order.
public struct OrderDetail: Sendable, Encodable {
    public var order: Order
    public var item: ItemRecord?
    public var origins: [FieldOrigin]
    public var events: [EventRecord]
    /// The source as an assistant would read it (headers and text).
    public var sourceText: String?
    /// Every email the desk queued or sent about the order, oldest first.
    public var mail: [OutboxRecord] = []
    /// The customer's later mail about it (changes, cancellations, complaints, survey replies).
    public var followUps: [ItemRecord] = []
}

/// Review: the queue of orders waiting for an assistant, what they see of each (source beside
/// the extracted fields, every issue), edits, approvals and rejections.
public struct ReviewService: DeskPart {
    let context: DeskContext
    /// Edits to an order the customer already has tell them so (`amended`).
    let mailer: OrderMailer
}

extension ReviewService {
    /// Orders in the review queue (or in the given states), by number.
    public func queue(states: [OrderState]? = [.needsReview]) async throws(IntakeError) -> [Order] {
        try await reading { try $0.orders(states: states) }
    }

    /// Items that failed, with their reasons, for the queue's failed list.
    public func failedItems() async throws(IntakeError) -> [ItemRecord] {
        try await reading { try $0.items(status: [.failed]) }
    }

    public func order(_ number: OrderNumber) async throws(IntakeError) -> Order {
        try await storedOrder(number)
    }

    public func detail(_ number: OrderNumber) async throws(IntakeError) -> OrderDetail {
        let order = try await order(number)
        let itemID = order.itemID
        let (item, original, json, events, mail, followUps) = try await reading { store in
            let item = try store.item(id: itemID)
            return (item, item.flatMap { try? store.original(hash: $0.contentHash) }, try store.itemDocument(id: itemID).origins,
                    try store.events(subject: number.description), try store.outbox(order: number), try store.items(referring: number))
        }
        var origins: [FieldOrigin] = []
        if let json {
            origins = (try? JSONDecoder().decode([FieldOrigin].self, from: Data(json.utf8))) ?? []
        }
        let text = item.flatMap { item in
            original.map { SourcePreview.text(bytes: $0, filename: item.filename, fallbackCharsets: configuration.fallbackCharsets) }
        }
        return OrderDetail(order: order, item: item, origins: origins, events: events, sourceText: text, mail: mail, followUps: followUps)
    }

    /// Parses a user-typed order number, accepting `SO-2026-00001`, `so-2026-1` and `2026-00001`.
    public static func parseOrderNumber(_ text: String) throws(IntakeError) -> OrderNumber {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        if let number = OrderNumber(trimmed) { return number }
        let digits = trimmed.split(whereSeparator: { !$0.isNumber })
        if digits.count == 2, let year = Int(digits[0]), let sequence = Int(digits[1]), digits[0].count == 4, sequence > 0 {
            return OrderNumber(year: year, sequence: sequence)
        }
        throw IntakeError(code: .notFound, message: "\"\(text)\" is not an order number such as SO-2026-00001")
    }

    /// An order number as an assistant types it: anything `parseOrderNumber` reads, or the
    /// sequence alone ("7") when exactly one order of the desk has it.
    public func resolveOrderNumber(_ text: String) async throws(IntakeError) -> OrderNumber {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 9, trimmed.allSatisfy(\.isASCII), let sequence = Int(trimmed), sequence > 0 else {
            return try Self.parseOrderNumber(text)
        }
        let found = try await reading { try $0.orderNumbers(sequence: sequence) }
        switch found.count {
        case 1: return found[0]
        case 0: throw IntakeError(code: .notFound, message: "there is no order numbered \(sequence); give the whole number, such as SO-\(deskYear(clock()))-\(String(format: "%05d", sequence))")
        default: throw IntakeError(code: .notFound, message: "\(sequence) could be \(found.map(\.description).joined(separator: " or ")); give the whole number")
        }
    }

    /// Applies assistant edits (`path=value`) as one change with one event. An order not yet
    /// confirmed is edited (an approved one goes back to review); a confirmed one not yet shipped
    /// is amended (see `amend`). The result says which, and the email an amendment queued.
    @discardableResult
    public func edit(_ number: OrderNumber, assignments: [String]) async throws(IntakeError) -> EditResult {
        var edits: [OrderEdit] = []
        for assignment in assignments {
            do { edits.append(try OrderEdit(parsing: assignment)) } catch {
                throw IntakeError(code: .invalidEdit, message: "\(number): \(error.message)")
            }
        }
        guard !edits.isEmpty else { throw IntakeError(code: .invalidEdit, message: "nothing to change; give --set field=value") }
        let master = self.master
        // A SKU typed by hand must be the catalog's: said now, not at approval.
        for edit in edits {
            guard case .line(let line, .sku) = edit.field else { continue }
            let sku = edit.value.trimmingCharacters(in: .whitespaces)
            guard !sku.isEmpty, master.product(sku: sku) == nil else { continue }
            let close = master.products(withSKUsNear: sku).map { "\($0.sku) (\($0.name))" }
            let near = close.isEmpty ? "; see the catalog for its SKUs" : "; did you mean \(close.joined(separator: " or "))?"
            throw IntakeError(code: .invalidEdit, message: "\(number): lines[\(line)].sku: \(sku) is not in the catalog\(near)")
        }
        let current = try await order(number)
        if Self.isAmendable(current) { return try await amend(current, edits: edits) }
        let (actor, frozen) = (self.actor, edits)
        do throws(IntakeError) {
            let saved = try await writing { store in
                try store.updateOrder(number, actor: actor, action: "edited", detail: assignments.joined(separator: "; "), expecting: nil,
                                      notice: nil) { order throws(ModelError) in
                    guard order.state.isEditable else {
                        let why = Self.isAmendable(order) ? "changed meanwhile; look at it again" : "can no longer be changed (only until it ships)"
                        throw ModelError(code: .illegalTransition, message: "\(number) is \(order.state.words) and \(why)")
                    }
                    for edit in frozen { try edit.apply(to: &order) }
                    OrderValidator(master: master).revalidate(&order, editedPaths: frozen.map(\.path))
                    if order.state == .approved { order.state = .needsReview }
                }
            }
            return EditResult(order: saved)
        } catch {
            throw IntakeError(code: error.code == .illegalTransition ? .invalidEdit : error.code,
                              message: error.message.hasPrefix(number.description) ? error.message : "\(number): \(error.message)")
        }
    }

    /// Approves orders in review (or on hold). Each is checked on its own; the results say which failed and why.
    public func approve(_ numbers: [OrderNumber], reason: String? = nil) async -> [(OrderNumber, Result<Order, IntakeError>)] {
        let actor = self.actor
        var results: [(OrderNumber, Result<Order, IntakeError>)] = []
        for number in numbers {
            do throws(IntakeError) {
                results.append((number, .success(try await writing { store in
                    try store.updateOrder(number, actor: actor, action: "approved", detail: reason, expecting: nil, notice: nil) { order throws(ModelError) in
                        if order.lines.isEmpty {
                            throw ModelError(code: .invalidValue, message: "order \(number) has no lines; add them with queue edit before approving")
                        }
                        if let blocking = order.issues.first(where: { OrderValidator.blockingCodes.contains($0.code) }) {
                            throw ModelError(code: .invalidValue, message: "order \(number) cannot be approved: \(blocking.message); fix it with queue edit first")
                        }
                        if order.customer.email == nil {
                            throw ModelError(code: .invalidValue, message: "order \(number) has no customer email; set customer.email before approving")
                        }
                        try order.state.checkTransition(to: .approved, of: number)
                        order.state = .approved
                        // Approving again is the answer to a confirmation that could not be composed.
                        order.issues.removeAll { $0.code == .confirmationNotComposed }
                    }
                })))
            } catch {
                results.append((number, .failure(error)))
            }
        }
        return results
    }

    public func reject(_ number: OrderNumber, reason: String) async throws(IntakeError) -> Order {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "a rejection needs a reason (--reason \"…\") for the event log")
        }
        let actor = self.actor
        return try await writing { store in
            try store.updateOrder(number, actor: actor, action: "rejected", detail: reason, expecting: nil, notice: nil) { order throws(ModelError) in
                try order.state.checkTransition(to: .rejected, of: number)
                order.state = .rejected
            }
        }
    }
}
