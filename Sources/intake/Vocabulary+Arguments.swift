public import ArgumentParser
import IntakeCore
import IntakeModel

/// `--category` takes the stored words (`late_delivery` …); a wrong one is refused by the
/// parser with the list of the right ones, before the desk is opened.
extension CaseCategory: ExpressibleByArgument {}

/// `report sales --by product|customer|month`.
extension SalesGrouping: ExpressibleByArgument {}
