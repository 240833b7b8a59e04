import Foundation
import IntakeMIME
import IntakeModel

/// Reads an RFC 5322 message into the builder: headers, body parts in their charsets, attachments, the items
/// of the body or of what it forwards or quotes, then whose message it is and what kind; apart from the file
/// readers because only mail has headers, a thread, quoted history and attachments.
enum EmailReader {
    static func read(_ bytes: [UInt8], into builder: inout DocumentBuilder) -> Extraction {
        let message: MIMEMessage
        do {
            message = try MIMEParser(limits: builder.context.limits, headerFallbackCharset: builder.context.fallbackCharsets.first).parse(bytes)
        } catch {
            let code: Issue.Code = error.code == .messageTooLarge ? .tooLarge : .decodeError
            return builder.unreadable(Issue(code: code, field: nil, message: "\(builder.document.source.file): \(error.message); the original is kept"))
        }
        let sender = readHeaders(message, into: &builder)
        let body = decodedBodyParts(message, into: &builder)
        if let failure = body.failure { return builder.unreadable(failure) }
        if let embedded = message.root.allParts.first(where: { $0.isEmbeddedMessage }), let inner = embedded.children.first {
            builder.forwardedBuyer = MIMEMessage(root: inner).from.first
        }
        builder.writtenBody = body.texts.joined(separator: "\n")
        let (fresh, quoted) = ReplySplitter.splitReply(TextNormalizer.normalize(builder.writtenBody))
        builder.bodyText = fresh
        builder.quotedText = quoted
        var textLines = TextLine.numbered(fresh, location: "body")
        if builder.forwardedBuyer == nil, let inline = ForwardedMail.inlineForwardSender(fresh) { builder.forwardedBuyer = inline }
        builder.attachmentFieldLines = []
        textLines += readAttachments(message, into: &builder)
        findItems(message, fresh: fresh, quoted: quoted, textLines: &textLines, into: &builder)
        leaveOutExcepted(fresh, into: &builder)
        builder.bodyLines = textLines.filter { $0.location.hasPrefix("body") }
        builder.senderNames = [sender?.name, builder.forwardedBuyer?.name].compactMap { $0 }
        if let known = builder.context.master.customer(email: (builder.forwardedBuyer ?? sender)?.normalized) {
            builder.senderNames += [known.name, known.company].compactMap { $0 }
        }
        builder.auditLines = Self.linesToAudit(textLines, itemsFrom: builder.lines)
        OrderFieldReader.read(textLines, into: &builder)
        if let fromAttachments = builder.attachmentFieldLines {
            builder.attachmentFieldLines = nil
            OrderFieldReader.read(fromAttachments, into: &builder)
        }
        OrderReferenceFinder.find(into: &builder)
        let (threadKind, surveyScale) = readThread(fresh: fresh, quoted: quoted, into: &builder)

        let verdict = MessageClassifier().classify(message: message, sender: builder.document.source.from, subject: builder.subjectText, body: fresh, hasLines: !builder.lines.isEmpty,
                                                   orderReference: builder.document.orderReference, threadKind: threadKind,
                                                   hasPurchaseOrder: builder.document.purchaseOrder != nil)
        builder.isAutomated = verdict.isAutomated
        builder.document.kind = verdict.kind
        builder.note("kind", "message", verdict.reason)
        settleBuyer(message, sender: sender, fresh: fresh, into: &builder)
        if builder.document.kind == .surveyResponse {
            builder.document.survey.rating = SurveyReader.rating(in: fresh, scale: surveyScale ?? 10, legend: quoted)
            // The customer's own words, as written: the normalised text folds their full-width
            // punctuation into ASCII.
            let company = builder.context.master.customer(email: sender?.normalized ?? "")?.company
            builder.document.survey.comment = Self.surveyComment(ReplySplitter.splitReply(builder.writtenBody).0, signer: sender?.name, company: company)
        }
        return OrderFinisher.finish(&builder)
    }

    /// The message's own facts from its headers: Message-ID, sender, subject, thread, and the day
    /// relative dates count from. Gives the sender.
    private static func readHeaders(_ message: MIMEMessage, into builder: inout DocumentBuilder) -> MailAddress? {
        builder.document.source.messageId = message.messageID
        // Parsed once: the getter reads the header again on every call.
        let sender = message.from.first
        builder.document.source.from = sender?.normalized
        let subject = message.subject  // decoded once: the getter decodes on every call
        builder.document.source.subject = subject
        builder.subjectText = TextNormalizer.normalize(subject ?? "")
        builder.threadIDs = message.inReplyTo + message.references
        if let date = message.date {
            var calendar = Calendar(identifier: .gregorian)
            // A Date stamped in UTC (+0000, as servers and some clients write it) says nothing of
            // where the sender is: the desk's own zone counts the day then ("後天" written at
            // 23:14 UTC on Sunday, Monday morning in Taipei).
            calendar.timeZone = date.utcOffsetSeconds == 0 ? builder.context.timeZone : (TimeZone(secondsFromGMT: date.utcOffsetSeconds) ?? builder.context.timeZone)
            let parts = calendar.dateComponents([.year, .month, .day], from: date.date)
            if let day = CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) {
                builder.referenceDay = day
                builder.referenceFromHeader = true
            }
        }
        return sender
    }

    /// The text of each body part (an HTML part as its text), with a charset issue for each part
    /// decoded against its label; the issue that makes the message unreadable when a part has
    /// bytes no known charset decodes.
    private static func decodedBodyParts(_ message: MIMEMessage, into builder: inout DocumentBuilder) -> (texts: [String], failure: Issue?) {
        var texts: [String] = []
        for part in message.bodyParts() {
            let decoded = part.decodedText(fallbackCharsets: builder.context.fallbackCharsets)
            if decoded.lossy {
                return (texts, Issue(code: .decodeError, field: nil,
                    message: "\(builder.document.source.file): the text part declared as charset \"\(part.contentType["charset"] ?? "us-ascii")\" has bytes that no known charset decodes; the original is kept"))
            }
            for defect in decoded.defects where defect.code == .charsetMismatch || defect.code == .unknownCharset {
                builder.document.issues.append(Issue(code: .charsetMismatch, field: nil, message: defect.detail))
            }
            texts.append(part.contentType.subtype == "html" ? HTMLText.text(fromHTML: decoded.text) : decoded.text)
        }
        return (texts, nil)
    }

    /// Reads each attachment its reader knows into the builder and gives the text lines to read
    /// with the body; an attachment no reader knows is an issue (inline pictures aside).
    private static func readAttachments(_ message: MIMEMessage, into builder: inout DocumentBuilder) -> [TextLine] {
        var textLines: [TextLine] = []
        for attachment in message.attachments {
            let name = attachment.filename ?? "unnamed"
            let shown = Self.displayName(name)
            if let read = DocumentReaderRegistry.standard.reader(forAttachmentNamed: attachment.filename, mediaType: attachment.contentType.value)?.readAttachment {
                textLines += read(&builder, attachment, shown)
            } else if attachment.contentType.type == "image" && (attachment.headers.contains("Content-ID") || attachment.disposition?.value == "inline") {
                continue  // signature logos and inline pictures
            } else {
                builder.document.issues.append(Issue(code: .unsupportedAttachment, field: nil,
                    message: "attachment \(shown) (\(attachment.contentType.value)) is not read yet; check it by hand"))
            }
        }
        return textLines
    }

    /// The items: from the body (and attachments), else the HTML alternative, else a quoted or
    /// forwarded order the sender points at, else the subject. `textLines` gains the lines the
    /// items came from.
    private static func findItems(_ message: MIMEMessage, fresh: String, quoted: String, textLines: inout [TextLine], into builder: inout DocumentBuilder) {
        if builder.lines.isEmpty { builder.lines = LineItemParser(master: builder.context.master).parse(TextLine.joiningWrappedProse(textLines)) }
        // "See the HTML version": when the plain alternative has no lines, its HTML sibling may.
        if builder.lines.isEmpty, let htmlLines = htmlAlternativeLines(message, context: builder.context), !htmlLines.isEmpty {
            let found = LineItemParser(master: builder.context.master).parse(htmlLines)
            if !found.isEmpty {
                builder.lines = found
                textLines += htmlLines
            }
        }
        // "Please proceed with items 1 and 3", "第1、2、4項照報價下單": a reply that orders items of the
        // quotation it quotes, by their numbers.
        // What the body seemed to order there ("for item 1 we need 1,000 pcs") only refers to them.
        if QuotationReply.accepts(subject: builder.subjectText, fresh: fresh),
           builder.lines.allSatisfy({ line in
               !QuotationReply.itemNumbers(in: textLines.first { $0.location == line.origin.location }?.text ?? line.origin.excerpt ?? "").isEmpty
           }) {
            var quotedLines = TextLine.numbered(ForwardedMail.unquoted(quoted), location: "quoted text")
            var found = LineItemParser(master: builder.context.master).parse(quotedLines)
            if found.isEmpty, let block = ForwardedMail.forwardedBlock(quoted) {
                quotedLines = TextLine.numbered(block.body, location: "quoted text")
                found = LineItemParser(master: builder.context.master).parse(quotedLines)
            }
            let accepted = QuotationReply.accepted(found, from: quotedLines, fresh: fresh)
            if !accepted.isEmpty {
                builder.lines = accepted
                textLines += quotedLines
                // The quoted items the reply does not order ("第5項這次先不要") are read and left out.
                let kept = Set(accepted.map(\.origin.location))
                builder.excludedLocations.formUnion(found.map(\.origin.location).filter { !kept.contains($0) })
                builder.note("lines", "quoted text", "the quotation's items the reply orders by their numbers")
            }
        }
        // "Please process the order below" above a quoted ("> ") order: a forward written as a
        // reply. Only then are quoted lines read for items: a reply's own quoted history is not
        // an order.
        if builder.lines.isEmpty, ForwardedMail.pointsAtQuotedOrder(subject: builder.subjectText, fresh: fresh) {
            var quotedLines = TextLine.numbered(ForwardedMail.unquoted(quoted), location: "quoted text")
            var found = LineItemParser(master: builder.context.master).parse(quotedLines)
            // Forwarded the Outlook way (a separator, a header block, the text unquoted): the
            // forwarded message is the order, and its sender the buyer.
            if found.isEmpty, let forwarded = ForwardedMail.forwardedBlock(quoted) {
                quotedLines = TextLine.numbered(forwarded.body, location: "forwarded text")
                found = LineItemParser(master: builder.context.master).parse(quotedLines)
                if !found.isEmpty, builder.forwardedBuyer == nil { builder.forwardedBuyer = forwarded.from }
            }
            if !found.isEmpty {
                builder.lines = found
                textLines += quotedLines
            } else if ForwardedMail.isForward(subject: builder.subjectText, fresh: fresh), let forwarded = ForwardedMail.forwardedBlock(quoted) {
                // A forward whose items the rules cannot read is still the forwarded sender's
                // message: their address, dates and ship-to, and the figures to account for.
                builder.forwardedBuyer = builder.forwardedBuyer ?? forwarded.from
                textLines += TextLine.numbered(forwarded.body, location: "forwarded text")
            }
        }
        // "Order: 20 boxes A4 copy paper" with a body that says only "as per subject".
        if builder.lines.isEmpty, let subject = Self.subjectAsItemLine(builder.subjectText) {
            let found = LineItemParser(master: builder.context.master).parse([TextLine(text: subject, location: "subject")])
            if !found.isEmpty { builder.lines = found }
        }
    }

    /// Takes off the items of a forwarded or quoted list that the sender's own words except.
    private static func leaveOutExcepted(_ fresh: String, into builder: inout DocumentBuilder) {
        // "Please supply everything on Winnie's list below except the body lotion": the
        // sender's own words take items off a list they forward or quote.
        if builder.lines.contains(where: { !$0.origin.location.hasPrefix("body") }) {
            let excluded = Self.excludedProducts(fresh, master: builder.context.master)
            builder.excludedSKUs = excluded
            if !excluded.isEmpty {
                for line in builder.lines where line.product.map({ excluded.contains($0.sku) }) == true {
                    builder.excludedLocations.insert(line.origin.location)
                    builder.note("lines", line.origin.location, "left out: the sender excepts it", line.origin.excerpt)
                }
                builder.lines.removeAll { $0.product.map { excluded.contains($0.sku) } == true }
            }
        }
    }

    /// What the thread says the message answers (a survey, one of our orders), the survey's
    /// rating scale, and whether the sender opts out of surveys.
    private static func readThread(fresh: String, quoted: String, into builder: inout DocumentBuilder) -> (kind: MessageKind?, surveyScale: Int?) {
        // A reply that names no order may still answer our confirmation or survey: our
        // Message-IDs name the purpose, our survey subjects carry a token.
        var threadKind: MessageKind?
        builder.surveyToken = SurveyReader.token(in: builder.subjectText)
        if builder.surveyToken != nil || builder.threadIDs.contains(where: { $0.contains(".survey.") }) {
            threadKind = .surveyResponse
        }
        builder.optOut = SurveyReader.asksToUnsubscribe(subject: builder.subjectText, body: fresh)
        // A reply that quotes a satisfaction survey (ours, whatever its Message-ID) and gives a
        // rating answers it; without a store to ask, the quoted survey says what was asked.
        let isReply = !builder.threadIDs.isEmpty || RegexCache.firstRange(#"(?i)^\s*(?:re|aw|回覆|回复|答复)\s*[:：]"#, in: builder.subjectText) != nil
        let surveyScale = SurveyReader.invitationScale(in: builder.subjectText + "\n" + quoted)
        if threadKind == nil, isReply, let scale = surveyScale, SurveyReader.rating(in: fresh, scale: scale, legend: quoted) != nil {
            threadKind = .surveyResponse
        }
        if !builder.threadIDs.isEmpty, let lookup = builder.context.threadLookup, let reference = lookup(builder.threadIDs) {
            threadKind = reference.isSurvey ? .surveyResponse : (threadKind ?? .order)
            if builder.document.orderReference == nil, let number = reference.orderNumber {
                builder.document.orderReference = number
                builder.note("orderReference", "headers In-Reply-To/References", "reply to \(reference.description)", number)
            }
        }
        return (threadKind, surveyScale)
    }

    /// The buyer: the forwarded order's sender, unless the forwarder acts on it or it is our own
    /// notice forwarded back; else the message's sender.
    private static func settleBuyer(_ message: MIMEMessage, sender: MailAddress?, fresh: String, into builder: inout DocumentBuilder) {
        // A forward inside the customer's own company is the forwarder's when the forwarder
        // acts on it ("Please supply everything on Winnie's list except the lotion. Our PO no.
        // is …", "Could you send the missing 8 bottles"): purchasing orders on a colleague's
        // list. Passed on as it is ("FYI, forwarding our buyer's order", "转发一下，请处理"),
        // or from another domain (our salesperson, an agent), it is the original sender's.
        if let forwarded = builder.forwardedBuyer, let sender, ForwardedMail.domain(of: forwarded.normalized) == ForwardedMail.domain(of: sender.normalized),
           ForwardedMail.forwarderActs(fresh) {
            builder.forwardedBuyer = nil
        }
        // "转发: 发货通知 SO-…": our own notice forwarded back, its sender the mailbox the
        // message was sent to (or that mailbox's domain), is no customer's: the forwarder is.
        if let forwarded = builder.forwardedBuyer, message.to.contains(where: { $0.normalized == forwarded.normalized || ForwardedMail.domain(of: $0.normalized) == ForwardedMail.domain(of: forwarded.normalized) }),
           let sender, ForwardedMail.domain(of: sender.normalized) != ForwardedMail.domain(of: forwarded.normalized) {
            builder.forwardedBuyer = nil
        }
        let buyer = builder.forwardedBuyer ?? sender
        if let buyer {
            builder.document.customer.email = builder.document.customer.email ?? buyer.normalized
            builder.note("customer.email", builder.forwardedBuyer != nil ? "forwarded message" : "header From", builder.forwardedBuyer != nil ? "sender of the forwarded order" : "sender", buyer.description)
            // "明德藥局 張雅婷": the person is the buyer, the pharmacy the company.
            if builder.document.customer.name == nil, let name = buyer.name, !name.contains("@") {
                let (person, organisation) = DisplayName.split(name)
                builder.document.customer.name = person
                if builder.document.customer.company == nil, let organisation { builder.document.customer.company = organisation }
            }
        }
    }

    /// The body, and the text the items were read from when it is not the body; when the items
    /// came from the HTML alternative, the plain one (the same words) is left out.
    static func linesToAudit(_ textLines: [TextLine], itemsFrom lines: [ParsedLine]) -> [TextLine] {
        let sources = Set(lines.compactMap { FigureAudit.position($0.origin.location)?.0 })
        return textLines.filter { line in
            guard let family = FigureAudit.position(line.location)?.0 else { return false }
            return sources.contains(family) || (family == "body line" && !sources.contains("html line"))
        }
    }

    /// The text lines of the HTML part of a multipart/alternative whose plain part was read.
    static func htmlAlternativeLines(_ message: MIMEMessage, context: ExtractionContext) -> [TextLine]? {
        guard let html = message.root.allParts.first(where: { $0.contentType.value == "text/html" && !$0.isAttachment }),
              !message.bodyParts().contains(where: { $0.contentType.value == "text/html" }) else { return nil }
        let decoded = html.decodedText(fallbackCharsets: context.fallbackCharsets)
        guard !decoded.lossy else { return nil }
        let fresh = ReplySplitter.splitReply(TextNormalizer.normalize(HTMLText.text(fromHTML: decoded.text))).fresh
        return TextLine.numbered(fresh, location: "html")
    }

    /// The subject without reply/forward prefixes and an "Order:" label, when it could hold an item.
    static func subjectAsItemLine(_ subject: String) -> String? {
        var text = subject.trimmedSpaces()
        while let prefix = RegexCache.firstRange(#"(?i)^(?:re|fw|fwd|aw|wg|回覆|回复|轉寄|转发)\s*[:：]\s*"#, in: text) { text.removeSubrange(prefix) }
        if let label = RegexCache.firstRange(#"(?i)^(?:order|purchase order|訂購|订购|訂單|订单)\s*[:：]\s*"#, in: text) { text.removeSubrange(label) }
        return text.isEmpty || RegexCache.firstRange(#"(?i)S\s*O\s*[-–—_ ]?\s*20\d{2}"#, in: text) != nil ? nil : text
    }

    /// The SKUs the text excepts: "except the body lotion", "but not the caps", "除了沐浴乳",
    /// "沐浴乳不要".
    static func excludedProducts(_ text: String, master: MasterData) -> Set<String> {
        var skus = Set<String>()
        let patterns = [#"(?i)\b(?:except(?: for)?|but not|apart from|other than|minus|excluding)\s+(?:the\s+)?([^.;,\n]{2,60})"#,
                        #"(?:除了|除)\s*([^,，。;；\n]{1,30}?)(?:以外|之外|外)"#, #"([^,，。;；\n]{1,30}?)\s*(?:不要了|先不要|不用了|暫不|暂不)"#]
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                // "the body lotion – we still have plenty": the item ends where the reason begins.
                var phrase = String(text[range])
                if let cut = RegexCache.firstRange(#"(?i)\s+(?:[–—-]|we|as|because|since|for now|this time)\b.*$|[（(].*$"#, in: phrase) { phrase.removeSubrange(cut) }
                let named = master.allMentions(in: phrase)
                if !named.isEmpty {
                    for product in named { skus.insert(product.sku) }
                } else if let product = master.product(matching: phrase) {
                    skus.insert(product.sku)
                }
            }
        }
        return skus
    }

    /// A file name as the sender wrote it, made safe to show (no path, no control characters).
    static func displayName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        return String(last.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init)).prefix(100).description
    }

    static func surveyComment(_ text: String, signer: String? = nil, company: String? = nil) -> String? {
        var cleaned = text.lineSlices().map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        // "林志豪" alone under the comment, then the school and its office: the signature starts
        // at the signer's name and runs to the end.
        if let signature = cleaned.indices.dropFirst().first(where: { Self.isSignOff(cleaned[$0], signer: signer) }) {
            cleaned.removeSubrange(signature...)
        }
        // "王淑媛", "Wei Ming", "Thanks", the shop's name under the buyer's: a sign-off under the
        // comment is no part of it.
        while cleaned.count > 1, let last = cleaned.last, Self.isSignOff(last, signer: signer) || Self.isCompanyLine(last, company: company) {
            cleaned.removeLast()
        }
        let joined = cleaned.joined(separator: " ")
        var withoutRating = joined.replacingOccurrences(of: #"^(?i)(?:(?:rating|score|評分|评分)\s*[:：=]\s*[★☆]{1,10}|[★☆]{1,10}|(?:rating|score|評分|评分|打)?\s*[:=]?\s*\d{1,2}\s*(?:/\s*(?:5|10)|分|stars?)?)\s*(?:吧|啦)?\s*[,，、。.!！:：;；\-–—)）]?\s*"#, with: "", options: .regularExpression)
        // "滿分五分，我俾4分。送貨準時……": a first sentence that only gives the score.
        if let end = withoutRating.firstIndex(where: { "。！!".contains($0) }), withoutRating.distance(from: withoutRating.startIndex, to: end) <= 24,
           RegexCache.firstRange(#"[0-9０-９一二三四五六七八九十]\s*(?:分|顆星|颗星|粒星|星)|/\s*(?:5|10)\b|(?i)\bstars?\b"#, in: String(withoutRating[..<end])) != nil {
            let rest = withoutRating[withoutRating.index(after: end)...].trimmedSpaces()
            if !rest.isEmpty { withoutRating = String(rest) }
        }
        return withoutRating.isEmpty ? nil : withoutRating
    }

    /// A line that is the customer's company as on file, or holds it ("明澈眼鏡行", "大愛眼科診所").
    static func isCompanyLine(_ line: String, company: String?) -> Bool {
        guard let company = company?.trimmedSpaces(), company.count >= 2 else { return false }
        let bare = line.trimmedSpaces()
        return bare == company || (bare.count <= company.count + 8 && bare.hasSubstring(company)) || (bare.count >= 4 && company.hasSubstring(bare))
    }

    /// A closing line: thanks or regards alone, or the sender's name (or part of it, "Wei Ming"
    /// for Tan Wei Ming).
    static func isSignOff(_ line: String, signer: String?) -> Bool {
        let bare = line.trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces)).lowercased()
        guard !bare.isEmpty, bare.count <= 30 else { return false }
        if ["thanks", "thank you", "regards", "best regards", "kind regards", "cheers", "謝謝", "谢谢", "感謝", "感谢"].contains(bare) { return true }
        guard let name = signer?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { return false }
        return bare == name || (bare.count >= 3 && name.hasSubstring(bare)) || (name.count >= 2 && bare.hasSubstring(name) && bare.count <= name.count + 12)
    }
}
