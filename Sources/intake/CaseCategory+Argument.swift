public import ArgumentParser
import IntakeModel

/// `--category` takes the stored words (`late_delivery` …); a wrong one is refused by the
/// parser with the list of the right ones, before the desk is opened.
extension CaseCategory: ExpressibleByArgument {}
