public import Foundation
public import IntakeMIME
public import IntakeModel

/// What the extractor needs besides the item: master data, the desk's zone and the limits.
public struct ExtractionContext: Sendable {
    public var master: MasterData
    /// For relative dates when a message has no Date header, and for files.
    public var timeZone: TimeZone
    public var limits: MIMELimits
    /// Charsets tried, in order, when a part's declared charset does not fit its bytes.
    public var fallbackCharsets: [String]
    /// When the item arrived; relative dates in files count from it.
    public var receivedAt: Date
    /// What a reply's `In-Reply-To`/`References` point to among the desk's own mail and stored
    /// orders; nil where there is no store (`intake extract` on its own).
    public var threadLookup: (@Sendable ([String]) -> ThreadReference?)?
    /// The desk's language (BCP 47, `zh-HK`): where a customer's own is unknown, its region says
    /// how local customers write a date (Hong Kong writes 07/04 for 7 April).
    public var deskLanguage: String?

    public init(master: MasterData, timeZone: TimeZone = .current, limits: MIMELimits = MIMELimits(),
                fallbackCharsets: [String] = ["BIG5", "GB18030"], receivedAt: Date = Date(),
                threadLookup: (@Sendable ([String]) -> ThreadReference?)? = nil, deskLanguage: String? = nil) {
        self.threadLookup = threadLookup
        self.deskLanguage = deskLanguage
        self.master = master
        self.timeZone = timeZone
        self.limits = limits
        self.fallbackCharsets = fallbackCharsets
        self.receivedAt = receivedAt
    }
}

/// A message of the desk's that a reply answers: a confirmation, a survey, or the customer's
/// own order email.
public struct ThreadReference: Sendable, Equatable {
    /// The order it belongs to (`SO-2026-00031`), when it belongs to one.
    public var orderNumber: String?
    /// True when it is one of our satisfaction surveys: the reply is a survey answer.
    public var isSurvey: Bool
    /// For the explanation: "our confirmation <id>".
    public var description: String

    public init(orderNumber: String?, isSurvey: Bool, description: String) {
        self.orderNumber = orderNumber
        self.isSurvey = isSurvey
        self.description = description
    }
}

/// The extractor's answer: the contract document and the evidence behind it.
public struct Extraction: Sendable {
    public var document: OrderDocument
    /// One entry per field the extractor filled.
    public var origins: [FieldOrigin]
    /// The customer's reply language from `customers.csv`, when known.
    public var language: String?
    /// True for auto-replies, bounces and bulk mail: never answer them.
    public var isAutomated: Bool
    /// `In-Reply-To` and `References` ids, for threading and linking to our own mail.
    public var threadIDs: [String]
    /// The survey token of our subject (`[SV-7K2QX9]`) when the reply kept it.
    public var surveyToken: String?
    /// The sender asks for no more surveys ("unsubscribe", 退訂, 退订, or a List-Unsubscribe mail).
    public var optOut: Bool = false
    /// For complaints: the category of the case (`ComplaintCategory`) and the customer's words
    /// without quoted history, for the case list.
    public var complaintCategory: CaseCategory?
    public var summary: String?
    /// The day the document says it was written (its Date header, a file's order or export
    /// date); nil for a file that gives none. A delivery date before it is flagged
    /// (`unusual_date`); for an undated file, the desk checks against the day it came in.
    public var writtenOn: CalendarDate?

    public init(document: OrderDocument, origins: [FieldOrigin] = [], language: String? = nil, isAutomated: Bool = false, threadIDs: [String] = []) {
        self.document = document
        self.origins = origins
        self.language = language
        self.isAutomated = isAutomated
        self.threadIDs = threadIDs
    }
}

/// Turns one intake item (an email or a drop-folder file) into the contract document.
///
/// Never throws: an item that cannot be read becomes a document of kind `unreadable` whose
/// issues say why, so the pipeline can fail the item with that reason and go on.
public struct OrderExtractor: Sendable {
    public var context: ExtractionContext

    public init(context: ExtractionContext) {
        self.context = context
    }

    /// `fileLabel` is what `source.file` shows (the path as given, or the source item's name).
    public func extract(bytes: [UInt8], filename: String, fileLabel: String) -> Extraction {
        var builder = DocumentBuilder(context: context, fileLabel: fileLabel)
        guard !bytes.isEmpty else {
            return builder.unreadable(Issue(code: .emptyFile, field: nil, message: "\(fileLabel) is empty (0 bytes); nothing to read"))
        }
        guard bytes.count <= context.limits.maxMessageBytes else {
            return builder.unreadable(Issue(code: .tooLarge, field: nil,
                message: "\(fileLabel) is \(bytes.count) bytes, over the limit of \(context.limits.maxMessageBytes) (limits.max_item_bytes); the original is kept"))
        }
        let registry = DocumentReaderRegistry.standard
        guard let reader = registry.reader(forFileNamed: filename, bytes: bytes) else {
            return builder.unreadable(Issue(code: .unsupportedAttachment, field: nil,
                message: "\(fileLabel): files of this type are not read (\(registry.supportedList)); the original is kept"))
        }
        return reader.readFile(&builder, bytes, filename)
    }
}
