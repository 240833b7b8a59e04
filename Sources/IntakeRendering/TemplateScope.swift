/// The names a template may use at one level of its view, and the level a section over one of
/// them opens (`{{#lines}}` opens a `Line`'s names).
///
/// Built by reflecting a sample value: the template library finds names with `Mirror`, so a
/// template sees exactly the stored properties, and this list cannot drift from the view.
struct TemplateScope: Sendable {
    let names: Set<String>
    let sections: [String: TemplateScope]

    init(reflecting sample: Any, sections: [String: TemplateScope] = [:]) {
        self.names = Set(Mirror(reflecting: sample).children.compactMap(\.label))
        self.sections = sections
    }

    /// What `{{#name}}` opens: a level of its own for a known one, otherwise nothing new to
    /// look up (a flag, a text, a list of texts read with `{{.}}`).
    func opening(_ name: String) -> TemplateScope? {
        sections[name]
    }
}
