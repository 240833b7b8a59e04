import Foundation

/// Files whose names are raw bytes: Foundation cannot spell a Latin-1 name, and tests of drop
/// folders write and look for exactly such names.
public enum RawFileNames {
    /// Writes `text` to a new file `name` in `folder`; false when it could not be made.
    @discardableResult
    public static func write(_ text: String, to folder: String, name: [UInt8]) -> Bool {
        let path = Array(folder.utf8) + [0x2F] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { pointer in pointer.baseAddress.map { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) } ?? -1 }
        }
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        return Glibc.write(descriptor, bytes, bytes.count) == bytes.count
    }

    /// The names in a folder as bytes, `.` and `..` left out, in the order the folder gives them.
    public static func names(in folder: String) -> [[UInt8]] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }
}
