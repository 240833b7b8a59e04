import IntakeExtraction
import IntakeStore

extension Desk {
    /// Lets the extractor see which of the desk's messages a reply answers (our confirmations and
    /// surveys in the outbox, customers' order emails among the items), so that "Re: …" mail whose
    /// subject and body name no order is still tied to it. A store that cannot be read only
    /// loses the link: the reply is still extracted and reviewed.
    var threadLookup: @Sendable ([String]) -> ThreadReference? {
        let store = self.store
        return { ids in
            guard let target = try? store.threadTarget(messageIDs: ids) else { return nil }
            let what = target.purpose == "order email" ? "the order email" : "our \(target.purpose)"
            return ThreadReference(orderNumber: target.orderNumber?.description, isSurvey: target.purpose == "survey",
                                   description: "\(what) <\(target.messageID)>")
        }
    }
}
