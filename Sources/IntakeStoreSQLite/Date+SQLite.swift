import Foundation
import IntakeModel

extension Date {
    /// The text GRDB stores for a `Date` (`yyyy-MM-dd HH:mm:ss.SSS`, UTC), written without its
    /// `DateFormatter`: ICU formatting was a tenth of a mailbox sync's commits, which bind half
    /// a dozen dates per message. GRDB reads it back as the same `Date`.
    var sqliteText: String { UTCDateText.sqlite(self) }
}
