public import Foundation
import IntakeExtraction
import IntakeModel
import IntakeRendering

/// One order's survey decision: sent (or would be, in a dry run) or not, and why.
public struct SurveyDecision: Sendable, Encodable {
    public var order: String
    public var customer: String?
    /// `send`, `sent`, `skip`, `failed`, or (dry runs) `wait`: completed, not due yet.
    public var outcome: String
    public var reason: String
}

/// Surveys: satisfaction surveys for completed orders, by hand or once a day at
/// `surveys.send_at`; the replies come in through intake.
public struct SurveyService: DeskPart {
    let context: DeskContext
    let mailer: OrderMailer
}

extension SurveyService {
    /// Sends the surveys that are due: for every order completed at least `surveys.after_days`
    /// ago and not yet surveyed, unless its customer has no valid address, opted out, has an open
    /// complaint case, was surveyed within `surveys.min_days_between`, or wrote from an automated
    /// address. Orders completed more than `maxAgeDays` ago are not surveyed any more.
    ///
    /// Each survey and its email commit together and an order is surveyed once (the store's unique
    /// key), so an overlapping or crashed run sends nothing twice. `dryRun` decides the same way
    /// and changes nothing.
    public func send(dryRun: Bool = false, now moment: Date? = nil) async throws(IntakeError) -> [SurveyDecision] {
        let now = moment ?? clock()
        let settings = configuration.surveys
        let day: TimeInterval = 86_400
        let cutoff = now.addingTimeInterval(-Double(settings.afterDays) * day)
        let due = try await reading { try $0.ordersDueForSurvey(completedBefore: cutoff) }
        let window = now.addingTimeInterval(-Double(settings.minDaysBetween) * day)
        var plannedTo: Set<String> = []
        var decisions: [SurveyDecision] = []
        for order in due {
            func decide(_ outcome: String, _ reason: String) {
                decisions.append(SurveyDecision(order: order.number.description, customer: order.customer.email, outcome: outcome, reason: reason))
            }
            guard let completed = order.fulfilment.completedAt else { continue }
            if completed < now.addingTimeInterval(-Double(settings.afterDays + Self.surveyMaxAgeDays) * day) {
                decide("skip", "completed \(deskDay(completed)), more than \(settings.afterDays + Self.surveyMaxAgeDays) days ago: too late to ask")
                continue
            }
            guard let email = order.customer.email?.lowercased(), EmailAddressRule.isPlausible(email) else {
                decide("skip", "no valid customer address")
                continue
            }
            let (optedOut, openCases, lastSurvey) = try await reading { store in
                (try store.isOptedOut(email), try store.openCases(customer: email), try store.lastSurvey(to: email))
            }
            if optedOut {
                decide("skip", "\(email) opted out of surveys")
                continue
            }
            if let open = openCases.first {
                decide("skip", "\(email) has an open complaint case (case \(open.id), \(open.state))")
                continue
            }
            if let last = lastSurvey, last > window {
                decide("skip", "\(email) was surveyed on \(deskDay(last)), within \(settings.minDaysBetween) days")
                continue
            }
            if plannedTo.contains(email) {
                decide("skip", "\(email) gets a survey for an earlier order in this run")
                continue
            }
            let token = Self.surveyToken()
            let message: OutgoingMessage
            do {
                message = try await mailer.orderEmail(order, purpose: "survey", autoSubmitted: "auto-generated",
                                         extraHeaders: [("List-Unsubscribe", "<mailto:\(unsubscribeAddress)?subject=unsubscribe>")]) { view in
                    view.ratingScale = settings.scale
                    view.isRecommendationScale = settings.scale == 10
                    view.surveyToken = token
                    view.unsubscribeAddress = unsubscribeAddress
                }
            } catch where error.code == .automatedSender {
                decide("skip", "the order came from an automated sender")
                continue
            } catch {
                decide("failed", error.message)
                continue
            }
            plannedTo.insert(email)
            if dryRun {
                decide("send", "completed \(deskDay(completed)); would send to \(email)")
                continue
            }
            let (actor, number) = (self.actor, order.number)
            let result = try await writing { store in
                try store.queueSurvey(for: number, email: email, token: token, scale: settings.scale, message: message,
                                      notSince: window, at: now, actor: actor)
            }
            switch result {
            case .success(let survey):
                decide("sent", "survey \(survey.token) queued to \(email) (outbox:\(survey.outboxID ?? 0))")
                logger.info("survey for \(order.number) queued", metadata: ["order.id": "\(order.number)"])
            case .failure(.alreadySurveyed): decide("skip", "surveyed meanwhile by another run")
            case .failure(.optedOut): decide("skip", "\(email) opted out meanwhile")
            case .failure(.surveyedRecently(let at)): decide("skip", "\(email) was surveyed on \(deskDay(at)) by another run")
            }
        }
        // A dry run also says who is next: completed orders not due yet, and from when.
        if dryRun {
            let completed = try await reading { try $0.ordersDueForSurvey(completedBefore: now) }
            for order in completed {
                guard let at = order.fulfilment.completedAt, at > cutoff else { continue }
                decisions.append(SurveyDecision(order: order.number.description, customer: order.customer.email, outcome: "wait",
                                                reason: "completed \(deskDay(at)); due from \(deskDay(at.addingTimeInterval(Double(settings.afterDays) * day)))"))
            }
        }
        return decisions
    }

    /// Orders completed this many days past `after_days` are not surveyed any more: a survey
    /// months later reads as spam, and a desk switching surveys on should not survey its history.
    static let surveyMaxAgeDays = 60

    /// Where `List-Unsubscribe` points: `surveys.unsubscribe_to`, else the desk's own address.
    var unsubscribeAddress: String { configuration.surveys.unsubscribeTo ?? configuration.desk.from.address }

    /// `SV-` and six characters without look-alikes (0/O, 1/I).
    static func surveyToken() -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        return "SV-" + String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Sends the due surveys once a day, at the first cycle on or after `surveys.send_at` (desk
    /// time). The day is recorded after the run; a crash in between runs it again, which sends
    /// nothing twice (each order is surveyed once).
    func scheduled() async throws(IntakeError) -> [SurveyDecision] {
        guard let (hour, minute) = configuration.surveys.sendAt else { return [] }
        let now = clock()
        let today = deskDay(now)
        guard format(now, "HH:mm") >= String(format: "%02d:%02d", hour, minute) else { return [] }
        if try await reading({ try $0.meta("surveys.last_run_day") }) == today { return [] }
        let decisions = try await send(now: now)
        try await writing { try $0.setMeta("surveys.last_run_day", today) }
        let sent = decisions.filter { $0.outcome == "sent" }.count
        logger.info("scheduled surveys: \(sent) queued, \(decisions.count - sent) not sent")
        return decisions
    }
}
