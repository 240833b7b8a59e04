import Foundation
import IntakeCurl
import IntakeMIME
import IntakeModel

// The sections of `desk.yaml`, one reader each; `read` puts them together.
extension KeyReader {
    /// `desk:`: name (one, or one per language), sender address, time zone, language.
    func readDesk(_ deskMap: [String: Any]) throws(ConfigurationError) -> DeskConfiguration.Desk {
        try checkKeys(deskMap, allowed: ["name", "from", "timezone", "language"], "desk")
        let fromText = try string(deskMap, "from", "desk.from") ?? "Order Desk <orders@localhost.localdomain>"
        guard let from = AddressParser.parseList(Array(fromText.utf8)).first else {
            throw fail("desk.from", "\"\(fromText)\" is not an address such as \"Orders <orders@example.test>\"")
        }
        let zoneName = try string(deskMap, "timezone", "desk.timezone")
        var timeZone = TimeZone.current
        if let zoneName {
            guard let zone = TimeZone(identifier: zoneName) else {
                throw fail("desk.timezone", "\"\(zoneName)\" is not a time zone name such as Asia/Taipei")
            }
            timeZone = zone
        }
        let language = try string(deskMap, "language", "desk.language") ?? "en"
        // desk.name: one name, or one per language ({en: …, zh-TW: …}).
        var names: [String: String] = [:]
        if let perLanguage = deskMap["name"] as? [String: Any] {
            for (tag, value) in perLanguage {
                guard let text = value as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail("desk.name.\(tag)", "must be the desk's name in that language")
                }
                names[tag] = text
            }
        }
        let defaultName = names.isEmpty ? try string(deskMap, "name", "desk.name") ?? "Order desk"
            : names[language] ?? names["en"] ?? names.keys.sorted().first.flatMap { names[$0] } ?? "Order desk"
        return DeskConfiguration.Desk(name: defaultName, from: from, timeZone: timeZone, language: language, names: names)
    }

    /// `sources:`: a list, names unique.
    func readSources(_ rawSources: Any?) throws(ConfigurationError) -> [DeskConfiguration.Source] {
        var sources: [DeskConfiguration.Source] = []
        if let rawSources, !(rawSources is NSNull) {
            guard let list = rawSources as? [Any] else { throw fail("sources", "must be a list of sources (- name: …)") }
            var names = Set<String>()
            for (index, item) in list.enumerated() {
                let key = "sources[\(index + 1)]"
                guard let map = item as? [String: Any] else { throw fail(key, "must be a mapping with name: and url:") }
                let source = try readSource(map, key)
                if source.name.hasPrefix("@") {
                    throw fail("\(key).name", "a source's name may not start with @ (the desk's own leases are named so)")
                }
                guard names.insert(source.name).inserted else { throw fail("\(key).name", "the name \"\(source.name)\" is used twice") }
                sources.append(source)
            }
        }
        return sources
    }

    /// `delivery:`: a folder, or an SMTP server with its login, TLS and flood guard; the Sent
    /// folder is the IMAP source that logs in as the sending account.
    func readDelivery(_ deliveryMap: [String: Any], desk: DeskConfiguration.Desk, dataDirectory: String,
                      sources: [DeskConfiguration.Source]) throws(ConfigurationError) -> DeskConfiguration.Delivery {
        try checkKeys(deliveryMap, allowed: ["method", "directory", "smtp"], "delivery")
        let methodText = try string(deliveryMap, "method", "delivery.method") ?? "directory"
        guard let method = DeskConfiguration.Delivery.Method(rawValue: methodText) else {
            throw fail("delivery.method", "\"\(methodText)\" is not a method; use smtp or directory")
        }
        let smtpMap = try mapping(deliveryMap, "smtp", "delivery.smtp")
        try checkKeys(smtpMap, allowed: ["url", "username", "password_env", "password_file", "password", "oauth2_token_env", "oauth2_token_file", "oauth2_token",
                                         "ca_file", "tls", "append_sent", "max_per_recipient_per_hour", "retry_for_hours"], "delivery.smtp")
        var delivery = DeskConfiguration.Delivery(
            method: method, directory: path(try string(deliveryMap, "directory", "delivery.directory") ?? (dataDirectory + "/outgoing")),
            smtpURL: try string(smtpMap, "url", "delivery.smtp.url"), smtpUsername: try string(smtpMap, "username", "delivery.smtp.username"),
            smtpPassword: try secret(smtpMap, "password", "delivery.smtp"), smtpOAuth2Token: try secret(smtpMap, "oauth2_token", "delivery.smtp"),
            smtpCAFile: try string(smtpMap, "ca_file", "delivery.smtp.ca_file").map(path))
        if method == .smtp {
            guard let url = delivery.smtpURL else { throw fail("delivery.smtp.url", "required when delivery.method is smtp") }
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme),
                  let host = components.host, !host.isEmpty else {
                throw fail("delivery.smtp.url", "\"\(url)\" is not an SMTP URL; use smtp://host:587 (STARTTLS) or smtps://host:465")
            }
            let tlsText = try string(smtpMap, "tls", "delivery.smtp.tls")
            if let tlsText, tlsText != "none", tlsText != "required" { throw fail("delivery.smtp.tls", "must be none or required") }
            delivery.smtpTLSNone = tlsText == "none"
            if delivery.smtpTLSNone && !Self.isLoopback(host: host) {
                throw fail("delivery.smtp.tls", "\(Self.loopbackOnlyMessage); \(host) must use TLS")
            }
            if delivery.smtpPassword == nil && delivery.smtpOAuth2Token == nil && delivery.smtpUsername != nil {
                throw fail("delivery.smtp.password_env", "a username needs password_env, password_file, oauth2_token_env or oauth2_token_file")
            }
        }
        delivery.appendSent = try string(smtpMap, "append_sent", "delivery.smtp.append_sent")
        delivery.maxPerRecipientPerHour = Int(try number(smtpMap, "max_per_recipient_per_hour", "delivery.smtp.max_per_recipient_per_hour", range: 1...10_000) ?? 10)
        delivery.retryForHours = try number(smtpMap, "retry_for_hours", "delivery.smtp.retry_for_hours", range: 0.1...720) ?? 48
        // The desk's own account: the IMAP source that logs in as the SMTP user (or as desk.from).
        let account = delivery.smtpUsername ?? desk.from.address
        delivery.sentSource = sources.first { $0.kind == .imap && $0.username?.lowercased() == account.lowercased() }?.name
        if delivery.appendSent != nil && delivery.sentSource == nil {
            throw fail("delivery.smtp.append_sent", "needs an IMAP source that logs in as \(account) (the sending account), to put the copies in")
        }
        return delivery
    }

    /// `surveys:`: when, how often, which scale, where opt-outs go.
    func readSurveys(_ surveyMap: [String: Any]) throws(ConfigurationError) -> DeskConfiguration.Surveys {
        try checkKeys(surveyMap, allowed: ["after_days", "min_days_between", "send_at", "scale", "unsubscribe_to"], "surveys")
        var surveys = DeskConfiguration.Surveys(afterDays: Int(try number(surveyMap, "after_days", "surveys.after_days", range: 0...365) ?? 3),
                                                minDaysBetween: Int(try number(surveyMap, "min_days_between", "surveys.min_days_between", range: 0...3650) ?? 30))
        if let text = try string(surveyMap, "send_at", "surveys.send_at") {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else {
                throw fail("surveys.send_at", "\"\(text)\" is not a time of day; write HH:MM in the desk's time zone, e.g. \"10:00\"")
            }
            surveys.sendAt = (hour, minute)
        }
        if let scale = try number(surveyMap, "scale", "surveys.scale", range: 5...10) {
            guard scale == 5 || scale == 10 else { throw fail("surveys.scale", "is 5 (a 1–5 rating) or 10 (a 0–10 recommendation score, NPS)") }
            surveys.scale = Int(scale)
        }
        if let address = try string(surveyMap, "unsubscribe_to", "surveys.unsubscribe_to") {
            guard EmailAddressRule.isPlausible(address) else { throw fail("surveys.unsubscribe_to", "\"\(address)\" is not an email address") }
            surveys.unsubscribeTo = address
        }
        return surveys
    }

    /// `limits:`: what one item may hold before it is refused.
    func readLimits(_ limitsMap: [String: Any]) throws(ConfigurationError) -> MIMELimits {
        try checkKeys(limitsMap, allowed: ["max_item_bytes", "max_header_bytes", "max_parts", "max_depth"], "limits")
        var limits = MIMELimits()
        if let value = try number(limitsMap, "max_item_bytes", "limits.max_item_bytes", range: 1024...1_073_741_824) { limits.maxMessageBytes = Int(value) }
        if let value = try number(limitsMap, "max_header_bytes", "limits.max_header_bytes", range: 1024...16_777_216) { limits.maxHeaderBytes = Int(value) }
        if let value = try number(limitsMap, "max_parts", "limits.max_parts", range: 1...100_000) { limits.maxParts = Int(value) }
        if let value = try number(limitsMap, "max_depth", "limits.max_depth", range: 1...1000) { limits.maxDepth = Int(value) }
        return limits
    }

    /// `charsets.fallback`: what undeclared text is tried as after UTF-8.
    func readCharsets(_ charsetMap: [String: Any]) throws(ConfigurationError) -> [String] {
        try checkKeys(charsetMap, allowed: ["fallback"], "charsets")
        var fallback = ["BIG5", "GB18030"]
        if let list = charsetMap["fallback"] {
            guard let names = list as? [String], !names.isEmpty else { throw fail("charsets.fallback", "must be a list of charset names, e.g. [big5, gb18030]") }
            for name in names where !Charset.isKnown(name) { throw fail("charsets.fallback", "\"\(name)\" is not a charset this system can decode") }
            fallback = names
        }
        return fallback
    }
}
