/// Something a reviewer must look at: an unknown SKU, a missing address, an undecodable part.
///
/// `code` is stable and machine-readable (contract §1 lists the known ones); `field` names the
/// document field it concerns (`lines[2].sku`, `shipTo.address`) or is nil for the whole item.
public struct Issue: Sendable, Equatable, Hashable, Codable {
    public var code: Code
    public var field: String?
    public var message: String

    public init(code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
    }

    enum CodingKeys: String, CodingKey { case code, field, message }
}
