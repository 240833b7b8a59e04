import IntakeModel
import Testing

@Suite struct OrderNumberTests {
    @Test func formatsWithFiveDigitPadding() {
        #expect(OrderNumber(year: 2026, sequence: 7).description == "SO-2026-00007")
        #expect(OrderNumber(year: 2026, sequence: 123_456).description == "SO-2026-123456")
    }

    @Test(arguments: ["SO-2026-00001", "SO-2026-123456"])
    func parsesCanonicalForm(_ text: String) throws {
        let number = try #require(OrderNumber(text))
        #expect(number.description == text)
    }

    @Test(arguments: ["SO-26-00001", "so-2026-00001", "SO-2026-0001", "SO-2026-00000", "SO-2026-0000x", "SO-２０２６-00001", ""])
    func rejectsAnythingElse(_ text: String) {
        #expect(OrderNumber(text) == nil)
    }

    @Test func ordersByYearThenSequence() {
        #expect(OrderNumber(year: 2025, sequence: 900) < OrderNumber(year: 2026, sequence: 1))
        #expect(OrderNumber(year: 2026, sequence: 2) < OrderNumber(year: 2026, sequence: 10))
    }
}

@Suite struct OrderStateTests {
    @Test func happyPathIsAllowed() throws {
        let path: [OrderState] = [.needsReview, .approved, .confirmed, .shipped, .delivered, .completed]
        for (from, to) in zip(path, path.dropFirst()) {
            try from.checkTransition(to: to)
        }
    }

    @Test func finalStatesAllowNothing() {
        for state in [OrderState.completed, .rejected, .cancelled] {
            #expect(state.allowedNext.isEmpty)
            #expect(throws: ModelError.self) { try state.checkTransition(to: .approved) }
        }
    }

    @Test func refusalNamesTheAllowedStates() {
        do {
            try OrderState.needsReview.checkTransition(to: .shipped)
            Testing.Issue.record("needs_review → shipped was allowed")
        } catch {
            #expect(error.code == .illegalTransition)
            #expect(error.message.contains("is waiting for review and cannot become shipped"))
            #expect(error.message.contains("approved"))
        }
    }
}
