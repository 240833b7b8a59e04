import Foundation

/// Items counted by source, kind and status (`report intake`).
public struct ItemCount: Sendable, Equatable {
    public var source: String
    public var kind: String?
    public var status: String
    public var count: Int

    public init(source: String, kind: String? = nil, status: String, count: Int) {
        self.source = source
        self.kind = kind
        self.status = status
        self.count = count
    }
}
