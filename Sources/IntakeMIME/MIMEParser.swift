import Glibc

/// Parses RFC 5322 / MIME messages from bytes, tolerating what real mailers send.
///
/// Problems become `MIMEDefect`s on the part they concern; only input that is not a message at
/// all, or exceeds `limits`, throws.
public struct MIMEParser: Sendable {
    public var limits: MIMELimits
    /// Charset tried for raw 8-bit header bytes after UTF-8 fails.
    public var headerFallbackCharset: String?

    public init(limits: MIMELimits = MIMELimits(), headerFallbackCharset: String? = nil) {
        self.limits = limits
        self.headerFallbackCharset = headerFallbackCharset
    }

    /// Parses a whole message.
    public func parse(_ bytes: [UInt8]) throws(MIMEError) -> MIMEMessage {
        guard bytes.count <= limits.maxMessageBytes else {
            throw MIMEError(code: .messageTooLarge, message: "message is \(bytes.count) bytes, over the limit of \(limits.maxMessageBytes) (limits.max_message_bytes)")
        }
        guard !bytes.isEmpty else {
            throw MIMEError(code: .notAMessage, message: "the file is empty")
        }
        var slice = bytes[...]
        // An mbox "From " separator line before the headers.
        if slice.starts(with: Array("From ".utf8)), let newline = slice.firstIndex(of: 0x0A) {
            slice = slice[(newline + 1)...]
        }
        try checkLooksLikeMessage(slice)
        var state = State()
        var root = try parsePart(slice, depth: 0, defaultType: "text/plain", state: &state)
        // Raw 8-bit header bytes are most likely in the charset the message's text declares.
        if let charset = root.allParts.lazy.compactMap({ $0.contentType["charset"] }).first(where: {
            let name = Charset.canonicalName($0)
            return name != "UTF-8" && Charset.isKnown(name)
        }) {
            root.headers.fallbackCharset = charset
        }
        return MIMEMessage(root: root)
    }

    private struct State {
        var partCount = 0
    }

    /// Rejects input whose first line is not a header field: binary files, plain text, HTML.
    private func checkLooksLikeMessage(_ bytes: ArraySlice<UInt8>) throws(MIMEError) {
        let probe = bytes.prefix(4096)
        if probe.contains(0) {
            throw MIMEError(code: .notAMessage, message: "not an email: the file contains NUL bytes (binary data)")
        }
        let firstLine = probe.prefix { $0 != 0x0A && $0 != 0x0D }
        guard let colon = firstLine.firstIndex(of: UInt8(ascii: ":")), colon > firstLine.startIndex,
              firstLine[firstLine.startIndex..<colon].allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw MIMEError(code: .notAMessage, message: "not an email: the first line is not a header field (Name: value)")
        }
    }

    private func parsePart(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String, state: inout State) throws(MIMEError) -> MIMEPart {
        state.partCount += 1
        var defects: [MIMEDefect] = []
        let (headers, bodyStart) = try parseHeaders(bytes, defects: &defects)
        let body = bytes[bodyStart...]
        let typeText = headers.value("Content-Type")
        var contentType = typeText.map { HeaderParameters.parse($0, defects: &defects) }
            ?? HeaderParameters(value: defaultType, parameters: [:])
        if !contentType.value.contains("/") {
            defects.append(MIMEDefect(.missingBoundary, "Content-Type \"\(contentType.value)\" has no subtype; treated as text/plain"))
            contentType = HeaderParameters(value: "text/plain", parameters: contentType.parameters)
        }
        let disposition = headers.value("Content-Disposition").map { HeaderParameters.parse($0, defects: &defects) }
        let encoding = (headers.value("Content-Transfer-Encoding") ?? "7bit").lowercased()
        var part = MIMEPart(headers: headers, contentType: contentType, disposition: disposition, transferEncoding: encoding,
                            rawBody: body, children: [], defects: defects, depth: depth)

        if contentType.type == "multipart" {
            guard let boundary = contentType["boundary"], !boundary.isEmpty else {
                part.defects.append(MIMEDefect(.missingBoundary, "multipart without a boundary parameter; read as text"))
                part.contentType = HeaderParameters(value: "text/plain", parameters: [:])
                return part
            }
            guard depth < limits.maxDepth else {
                part.defects.append(MIMEDefect(.depthLimit, "nesting deeper than \(limits.maxDepth) (limits.max_depth); inner parts not parsed"))
                return part
            }
            part.rawBody = body[body.endIndex...]
            let childDefault = contentType.subtype == "digest" ? "message/rfc822" : "text/plain"
            let (pieces, closed) = splitMultipart(body, boundary: boundary)
            if !closed { part.defects.append(MIMEDefect(.missingFinalBoundary, "multipart ends without its closing boundary --\(boundary)--")) }
            for piece in pieces {
                guard state.partCount < limits.maxParts else {
                    part.defects.append(MIMEDefect(.partLimit, "more than \(limits.maxParts) parts (limits.max_parts); the rest not parsed"))
                    break
                }
                part.children.append(try parsePart(piece, depth: depth + 1, defaultType: childDefault, state: &state))
            }
        } else if part.isEmbeddedMessage, encoding != "base64", encoding != "quoted-printable" {
            guard depth < limits.maxDepth else {
                part.defects.append(MIMEDefect(.depthLimit, "nesting deeper than \(limits.maxDepth) (limits.max_depth); forwarded message not parsed"))
                return part
            }
            if !body.isEmpty, (try? checkLooksLikeMessage(body)) != nil {
                part.children.append(try parsePart(body, depth: depth + 1, defaultType: "text/plain", state: &state))
            }
        }
        return part
    }

    /// Splits the header block from the body. Header lines without a colon are skipped, not taken
    /// as the end of the headers, since broken mailers emit them mid-block.
    private func parseHeaders(_ bytes: ArraySlice<UInt8>, defects: inout [MIMEDefect]) throws(MIMEError) -> (MIMEHeaders, Int) {
        var headers = MIMEHeaders()
        headers.fallbackCharset = headerFallbackCharset
        var index = bytes.startIndex
        var currentName: String?
        var currentValue: [UInt8] = []
        func flush() {
            if let name = currentName {
                var value = currentValue[...]
                while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
                while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
                headers.append(name: name, rawValue: Array(value))
            }
            currentName = nil
            currentValue = []
        }
        while index < bytes.endIndex {
            if index - bytes.startIndex > limits.maxHeaderBytes {
                throw MIMEError(code: .headerTooLarge, message: "header block is over \(limits.maxHeaderBytes) bytes (limits.max_header_bytes)")
            }
            var lineEnd = index
            while lineEnd < bytes.endIndex, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            if line.isEmpty {
                flush()
                return (headers, next)
            }
            if line.first == 0x20 || line.first == 0x09 {
                if currentName != nil {
                    currentValue.append(contentsOf: line)
                } else {
                    defects.append(MIMEDefect(.headerWithoutColon, "continuation line without a header before it"))
                }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[line.startIndex..<colon].allSatisfy({ $0 > 32 && $0 < 127 }) || line[line.startIndex..<colon].last == 0x20 {
                flush()
                var nameBytes = line[line.startIndex..<colon]
                while let last = nameBytes.last, last == 0x20 || last == 0x09 { nameBytes = nameBytes.dropLast() }
                currentName = String(decoding: nameBytes, as: UTF8.self)
                currentValue = Array(line[(colon + 1)...])
            } else {
                let shown = String(decoding: line.prefix(40), as: UTF8.self)
                defects.append(MIMEDefect(.headerWithoutColon, "header line without a colon skipped: \"\(shown)\""))
            }
            index = next
        }
        flush()
        defects.append(MIMEDefect(.missingHeaderBlock, "no empty line after the headers; the part has no body"))
        return (headers, bytes.endIndex)
    }

    /// Splits a multipart body at its boundary lines. Returns the parts (without the line break
    /// that belongs to the boundary) and whether the closing boundary was seen. Scans for the
    /// `--boundary` marker with memchr/memcmp over raw memory, since large attachments make this
    /// the parser's hottest loop.
    private func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String) -> ([ArraySlice<UInt8>], Bool) {
        let marker = Array(("--" + boundary).utf8)
        let base = body.startIndex
        return body.withUnsafeBufferPointer { buffer -> ([ArraySlice<UInt8>], Bool) in
            guard let start = buffer.baseAddress, buffer.count > 0 else { return ([], false) }
            var pieces: [ArraySlice<UInt8>] = []
            var partStart: Int?
            var position = 0
            let count = buffer.count
            while position < count {
                // Candidate: "--boundary" at the start of a line.
                if count - position >= marker.count, start[position] == 0x2D,
                   marker.withUnsafeBufferPointer({ memcmp(start + position, $0.baseAddress!, marker.count) == 0 }) {
                    var lineEnd = position + marker.count
                    let afterMarker = lineEnd
                    while lineEnd < count, start[lineEnd] != 0x0A { lineEnd += 1 }
                    var rest = afterMarker
                    let isClose = lineEnd - afterMarker >= 2 && start[afterMarker] == 0x2D && start[afterMarker + 1] == 0x2D
                    if isClose { rest += 2 }
                    var onlySpace = true
                    while rest < lineEnd {
                        let byte = start[rest]
                        if byte != 0x20 && byte != 0x09 && byte != 0x0D { onlySpace = false; break }
                        rest += 1
                    }
                    if onlySpace {
                        if let partBegin = partStart {
                            var end = position
                            if end > partBegin, start[end - 1] == 0x0A { end -= 1 }
                            if end > partBegin, start[end - 1] == 0x0D { end -= 1 }
                            pieces.append(body[(base + partBegin)..<(base + max(partBegin, end))])
                        }
                        if isClose { return (pieces, true) }
                        partStart = lineEnd < count ? lineEnd + 1 : lineEnd
                        position = partStart ?? count
                        continue
                    }
                }
                // Next line.
                guard let newline = memchr(start + position, 0x0A, count - position) else { break }
                position = start.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
            if let partBegin = partStart, partBegin < count {
                pieces.append(body[(base + partBegin)..<body.endIndex])
            }
            return (pieces, false)
        }
    }
}
