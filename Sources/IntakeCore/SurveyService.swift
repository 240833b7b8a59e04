public import Foundation
import IntakeExtraction
import IntakeModel
import IntakeRendering

/// One order's survey decision: sent (or would be, in a dry run) or not, and why.
public struct SurveyDecision: Sendable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        /// Queued in the outbox.
        case sent
        /// Would be sent (a dry run).
        case send
        /// Not sent, for the reason given.
        case skip
        /// The email could not be composed.
        case failed
        /// Completed, not due yet (dry runs).
        case wait
    }

    public var order: String
    public var customer: String?
    public var outcome: Outcome
    public var reason: String

    init(_ order: Order, _ outcome: Outcome, _ reason: String) {
        self.order = order.number.description
        self.customer = order.customer.email
        self.outcome = outcome
        self.reason = reason
    }
}

/// One survey run's moment and settings, and the days they give.
struct SurveyRun {
    static let day: TimeInterval = 86_400
    var now: Date
    var settings: DeskConfiguration.Surveys
    /// Orders completed before this are due.
    var cutoff: Date { now.addingTimeInterval(-Double(settings.afterDays) * Self.day) }
    /// A customer surveyed after this was surveyed too recently.
    var window: Date { now.addingTimeInterval(-Double(settings.minDaysBetween) * Self.day) }
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
        let run = SurveyRun(now: moment ?? clock(), settings: configuration.surveys)
        let due = try await reading { try $0.ordersDueForSurvey(completedBefore: run.cutoff) }
        var plannedTo: Set<String> = []
        var decisions: [SurveyDecision] = []
        for order in due {
            guard let completed = order.fulfilment.completedAt else { continue }
            let (email, refusal) = try await check(order, completed: completed, run: run, plannedTo: plannedTo)
            guard let email, refusal == nil else {
                decisions.append(SurveyDecision(order, .skip, refusal ?? ""))
                continue
            }
            let token = Self.surveyToken()
            let message: OutgoingMessage
            do {
                message = try await compose(order, token: token, scale: run.settings.scale)
            } catch where error.code == .automatedSender {
                decisions.append(SurveyDecision(order, .skip, "the order came from an automated sender"))
                continue
            } catch {
                decisions.append(SurveyDecision(order, .failed, error.message))
                continue
            }
            plannedTo.insert(email)
            if dryRun {
                decisions.append(SurveyDecision(order, .send, "completed \(deskDay(completed)); would send to \(email)"))
            } else {
                decisions.append(try await queue(message, for: order, email: email, token: token, run: run))
            }
        }
        // A dry run also says who is next: completed orders not due yet, and from when.
        if dryRun { decisions += try await waiting(run) }
        return decisions
    }

    /// Why an order's customer gets no survey now (nil: they may get one), with their address.
    func check(_ order: Order, completed: Date, run: SurveyRun, plannedTo: Set<String>) async throws(IntakeError) -> (String?, String?) {
        let settings = run.settings
        if completed < run.now.addingTimeInterval(-Double(settings.afterDays + Self.surveyMaxAgeDays) * SurveyRun.day) {
            return (nil, "completed \(deskDay(completed)), more than \(settings.afterDays + Self.surveyMaxAgeDays) days ago: too late to ask")
        }
        guard let email = order.customer.email?.lowercased(), EmailAddressRule.isPlausible(email) else {
            return (nil, "no valid customer address")
        }
        let (optedOut, openCases, lastSurvey) = try await reading { store in
            (try store.isOptedOut(email), try store.openCases(customer: email), try store.lastSurvey(to: email))
        }
        if optedOut { return (email, "\(email) opted out of surveys") }
        if let open = openCases.first { return (email, "\(email) has an open complaint case (case \(open.id), \(open.state))") }
        if let last = lastSurvey, last > run.window {
            return (email, "\(email) was surveyed on \(deskDay(last)), within \(settings.minDaysBetween) days")
        }
        if plannedTo.contains(email) { return (email, "\(email) gets a survey for an earlier order in this run") }
        return (email, nil)
    }

    /// The survey email, with the rating scale, its token and how to opt out.
    func compose(_ order: Order, token: String, scale: Int) async throws(IntakeError) -> OutgoingMessage {
        let unsubscribe = unsubscribeAddress
        return try await mailer.orderEmail(order, purpose: .survey, autoSubmitted: "auto-generated",
                                           extraHeaders: [("List-Unsubscribe", "<mailto:\(unsubscribe)?subject=unsubscribe>")]) { view in
            view.ratingScale = scale
            view.isRecommendationScale = scale == 10
            view.surveyToken = token
            view.unsubscribeAddress = unsubscribe
        }
    }

    /// Queues the survey and its email in one transaction; the store refuses what another run did
    /// meanwhile, and the decision says so.
    func queue(_ message: OutgoingMessage, for order: Order, email: String, token: String, run: SurveyRun) async throws(IntakeError) -> SurveyDecision {
        let (actor, number, scale, window, now) = (self.actor, order.number, run.settings.scale, run.window, run.now)
        let result = try await writing { store in
            try store.queueSurvey(for: number, email: email, token: token, scale: scale, message: message, notSince: window, at: now, actor: actor)
        }
        switch result {
        case .success(let survey):
            logger.info("survey for \(order.number) queued", metadata: ["order.id": "\(order.number)"])
            return SurveyDecision(order, .sent, "survey \(survey.token) queued to \(email) (outbox:\(survey.outboxID ?? 0))")
        case .failure(.alreadySurveyed): return SurveyDecision(order, .skip, "surveyed meanwhile by another run")
        case .failure(.optedOut): return SurveyDecision(order, .skip, "\(email) opted out meanwhile")
        case .failure(.surveyedRecently(let at)): return SurveyDecision(order, .skip, "\(email) was surveyed on \(deskDay(at)) by another run")
        }
    }

    /// Completed orders not due yet, and from when they are.
    func waiting(_ run: SurveyRun) async throws(IntakeError) -> [SurveyDecision] {
        let now = run.now
        let completed = try await reading { try $0.ordersDueForSurvey(completedBefore: now) }
        return completed.compactMap { order in
            guard let at = order.fulfilment.completedAt, at > run.cutoff else { return nil }
            let due = at.addingTimeInterval(Double(run.settings.afterDays) * SurveyRun.day)
            return SurveyDecision(order, .wait, "completed \(deskDay(at)); due from \(deskDay(due))")
        }
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
        let sent = decisions.filter { $0.outcome == .sent }.count
        logger.info("scheduled surveys: \(sent) queued, \(decisions.count - sent) not sent")
        return decisions
    }
}
