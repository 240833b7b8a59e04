import IntakeModel

extension DocumentBuilder {
    /// Names go into headers and labels (a `To:` display name, an address label): one line each,
    /// whatever the source held. A JSON order's CR LF in a name once blocked its confirmation.
    static func makeNamesOneLine(_ document: inout OrderDocument) {
        document.customer.name = OneLineText.clean(document.customer.name)
        document.customer.company = OneLineText.clean(document.customer.company)
        document.customer.phone = OneLineText.clean(document.customer.phone)
        document.shipTo.recipient = OneLineText.clean(document.shipTo.recipient)
        document.shipTo.phone = OneLineText.clean(document.shipTo.phone)
    }
}
