public import IntakeCore

/// Loads a configuration written in a test and answers with its error, for tests of what the
/// loader refuses and how it names the key.
public enum ConfigurationProbe {
    /// The loader's error for `yaml` as a desk's `intake.yaml`, nil when it loads.
    public static func error(_ yaml: String) -> ConfigurationError? {
        let folder = TemporaryFolder("config")
        folder.write("intake.yaml", yaml)
        do {
            _ = try DeskConfiguration.load(directory: folder.path)
            return nil
        } catch {
            return error
        }
    }
}
