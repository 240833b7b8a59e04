import Foundation

/// The files of a local drop folder, read as the untrusted place it is.
///
/// A drop folder is written by other programs and other people, so nothing in it is taken on
/// trust: a file name is bytes (a Latin-1 `Bestellung-M\xe4rz.eml` is a file like any other,
/// not a name Foundation cannot spell); only regular files are read, opened with `O_NONBLOCK`
/// and checked with `fstat` after the open (a FIFO would otherwise block the source, and every
/// later poll, forever); a symbolic link is not followed unless the source says
/// `follow_symlinks: true`, and never to a file outside the folder (a link to a secret would
/// copy it into the store).
///
/// Why not libcurl's `file://` here, as the remote drops use libcurl: it opens without
/// `O_NONBLOCK` or `O_NOFOLLOW` and cannot say what it opened, and a check before the open can
/// be raced by whoever writes the folder. These are a handful of system calls on our own
/// descriptors.
struct DropFolderFiles: Sendable {
    /// The folder as configured (absolute).
    let folder: String
    /// Whether links whose target stays inside the folder are followed (`follow_symlinks`).
    let followLinks: Bool

    /// What a name in the folder is, as `lstat` sees it.
    enum Kind: Equatable {
        case regular, directory, symbolicLink, fifo, socket, device, other

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regular
            case S_IFDIR: self = .directory
            case S_IFLNK: self = .symbolicLink
            case S_IFIFO: self = .fifo
            case S_IFSOCK: self = .socket
            case S_IFCHR, S_IFBLK: self = .device
            default: self = .other
            }
        }

        /// How the refusal names it.
        var noun: String {
            switch self {
            case .regular: "a regular file"
            case .directory: "a folder"
            case .symbolicLink: "a symbolic link"
            case .fifo: "a FIFO (named pipe)"
            case .socket: "a socket"
            case .device: "a device"
            case .other: "not a regular file"
            }
        }
    }

    /// One name in the folder with what listing it learned.
    struct Entry {
        var name: [UInt8]
        var size: Int
        var modified: Date
        /// Why it is offered but cannot be read (a FIFO, a link leaving the folder); nil for a
        /// file to read.
        var refusal: String?
        /// The file the name led to when listed (the target, for a followed link).
        var identity: FileIdentity
    }

    /// A failed system call, with the name and the reason in words.
    struct Failure: Error {
        let message: String
        /// The name leads to another file, or another version of it, than the one listed: not a
        /// fault of the item, which is simply taken again on the next poll.
        var changed = false
    }

    /// Every name in the folder except `.`, `..` and folders; links and special files are offered
    /// with their refusal, so that each becomes a failed item with a reason instead of being
    /// skipped without a word or blocking the poll.
    func list() throws(Failure) -> [Entry] {
        guard let directory = opendir(folder) else {
            throw Failure(message: "cannot list \(folder): \(Self.errorText())")
        }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw Failure(message: "cannot list \(folder): \(Self.errorText())") }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var status = stat()
            guard Self.withCString(name, { fstatat(descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else {
                // Gone between readdir and lstat (another process took it): not there.
                continue
            }
            let kind = Kind(mode: status.st_mode)
            switch kind {
            case .directory:
                continue
            case .regular:
                entries.append(Entry(name: name, size: Int(status.st_size), modified: Self.date(status),
                                     identity: Self.identity(status, followed: false)))
            case .symbolicLink:
                entries.append(linkEntry(name, link: status, in: descriptor))
            default:
                entries.append(Entry(name: name, size: 0, modified: Self.date(status),
                                     refusal: "is \(kind.noun), not a regular file; only regular files are read from a drop folder",
                                     identity: Self.identity(status, followed: false)))
            }
        }
        return entries
    }

    /// A link is offered as its target when links are followed and the target is a regular file
    /// inside the folder; otherwise with the reason it is not read. A link to a folder is skipped
    /// like a folder.
    private func linkEntry(_ name: [UInt8], link: stat, in descriptor: Int32) -> Entry {
        let refused = { (reason: String) in
            Entry(name: name, size: 0, modified: Self.date(link), refusal: reason, identity: Self.identity(link, followed: false))
        }
        guard followLinks else {
            return refused("is a symbolic link; links in a drop folder are not followed (set follow_symlinks: true on the source to follow links that stay inside the folder)")
        }
        var target = stat()
        guard Self.withCString(name, { fstatat(descriptor, $0, &target, 0) }) == 0 else {
            return refused("is a symbolic link whose target cannot be read: \(Self.errorText())")
        }
        guard let resolved = Self.withCString(path(name), { realpath($0, nil) }) else {
            return refused("is a symbolic link whose target cannot be resolved: \(Self.errorText())")
        }
        defer { free(resolved) }
        guard isInside(Self.bytes(of: resolved)) else {
            return refused("is a symbolic link to a file outside the drop folder; such links are never followed")
        }
        let kind = Kind(mode: target.st_mode)
        guard kind == .regular else {
            return refused("is a symbolic link to \(kind.noun), not a regular file")
        }
        return Entry(name: name, size: Int(target.st_size), modified: Self.date(target), identity: Self.identity(target, followed: true))
    }

    /// Reads a regular file of the folder, refusing more than `maxBytes`. The check that it is a
    /// regular file (and, for a followed link, inside the folder) is made on what was opened, and
    /// so is the check that it is the file listed (`expected`), unchanged.
    func read(_ name: [UInt8], maxBytes: Int, expected: FileIdentity?) throws(Failure) -> [UInt8] {
        let descriptor = try open(name, expected: expected)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read: \(Self.errorText())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maxBytes {
                throw Failure(message: "it grew past the limit of \(maxBytes) bytes (limits.max_item_bytes) while it was read")
            }
        }
        return bytes
    }

    /// Opens a name of the folder for reading: non-blocking (a FIFO swapped in after the listing
    /// cannot hang the poll), without following a link unless links are followed, and only when
    /// what was opened is a regular file (and the file `expected`, when given).
    func open(_ name: [UInt8], expected: FileIdentity? = nil) throws(Failure) -> Int32 {
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        if !followLinks { flags |= O_NOFOLLOW }
        let descriptor = Self.withCString(path(name)) { Glibc.open($0, flags) }
        guard descriptor >= 0 else {
            if errno == ELOOP { throw Failure(message: "is a symbolic link; links in a drop folder are not followed") }
            throw Failure(message: "cannot open: \(Self.errorText())")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let text = Self.errorText()
            close(descriptor)
            throw Failure(message: "cannot stat: \(text)")
        }
        let kind = Kind(mode: status.st_mode)
        guard kind == .regular else {
            close(descriptor)
            throw Failure(message: "is \(kind.noun), not a regular file; only regular files are read from a drop folder")
        }
        if let expected, Self.identity(status, followed: expected.followed) != expected {
            close(descriptor)
            throw Failure(message: "was replaced or changed since it was listed; it is taken on the next poll", changed: true)
        }
        if followLinks {
            // What was opened, not what the name says now: the link may have been changed.
            let opened = Self.readLink(Array("/proc/self/fd/\(descriptor)".utf8))
            guard let opened, isInside(opened) else {
                close(descriptor)
                throw Failure(message: "leads outside the drop folder; such links are never followed")
            }
        }
        return descriptor
    }

    /// Whether the name still leads to the file listed, unchanged: what is moved or deleted after
    /// the store committed must be what was read (a name given to another file meanwhile keeps
    /// the new file where it is, for the next poll).
    /// `afterLinking`: the desk itself has just linked the file elsewhere, which changed its
    /// status time; only the rest is compared then.
    func stillIs(_ name: [UInt8], _ expected: FileIdentity, afterLinking: Bool = false) -> Bool {
        var status = stat()
        let found = Self.withCString(path(name)) { expected.followed ? stat($0, &status) : lstat($0, &status) }
        guard found == 0 else { return false }
        let now = Self.identity(status, followed: expected.followed)
        return afterLinking ? now.sameVersion(as: expected) : now == expected
    }

    /// True when nothing has this name any more (another process moved it).
    func isGone(_ name: [UInt8]) -> Bool {
        var status = stat()
        return Self.withCString(path(name)) { lstat($0, &status) } != 0 && errno == ENOENT
    }

    /// Opens the folder `relative` (`processed`, `failed`) inside the drop folder, making what is
    /// missing, one step at a time and never through a symbolic link: whoever writes the drop
    /// folder could otherwise make `failed` a link to any folder the desk can write (its
    /// `~/.ssh`) and have the desk put a file of their choosing there. The caller closes it.
    func openTargetFolder(_ relative: String) throws(Failure) -> Int32 {
        var current = Self.withCString(Array(folder.utf8)) { Glibc.open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard current >= 0 else { throw Failure(message: "cannot open \(folder): \(Self.errorText())") }
        for part in relative.split(separator: "/") where part != "." {
            guard part != ".." else {
                close(current)
                throw Failure(message: "\(relative) leaves the drop folder")
            }
            let component = Array(part.utf8)
            if Self.withCString(component, { mkdirat(current, $0, 0o755) }) != 0 && errno != EEXIST {
                let text = Self.errorText()
                close(current)
                throw Failure(message: "cannot make \(relative): \(text)")
            }
            let next = Self.withCString(component) { openat(current, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            let failure = errno
            close(current)
            guard next >= 0 else {
                throw Failure(message: failure == ELOOP || failure == ENOTDIR
                    ? "\(relative) in the drop folder is a symbolic link or not a folder; the desk moves files only into a real folder there (remove it, the desk makes it again)"
                    : "cannot open \(relative): \(String(cString: strerror(failure)))")
            }
            current = next
        }
        return current
    }

    /// Moves the file listed as `expected` from its name into the folder `target` (from
    /// `openTargetFolder`) as `newName`, never replacing what is there: the file is linked to the
    /// new name (which fails when it exists) and the old name removed. A destination that is
    /// already this very file (a crash came between the two steps) only needs the old name
    /// removed. Returns false when another file has the new name.
    ///
    /// What is moved is checked to be the file listed (and read): the link made is looked at,
    /// and the old name is removed only while it still leads to that file, so a new version
    /// written under the name meanwhile stays for the next poll (a check of the name before the
    /// move alone lost such versions in a race test).
    func move(_ name: [UInt8], into target: Int32, as newName: [UInt8], expected: FileIdentity?) throws(Failure) -> Bool {
        let source = path(name)
        let linked = Self.withCString(source) { from in Self.withCString(newName) { to in linkat(AT_FDCWD, from, target, to, 0) } }
        if linked != 0 {
            let failure = errno
            switch failure {
            case EEXIST:
                var one = stat(), two = stat()
                guard Self.withCString(source, { lstat($0, &one) }) == 0, Self.withCString(newName, { fstatat(target, $0, &two, AT_SYMLINK_NOFOLLOW) }) == 0,
                      one.st_dev == two.st_dev, one.st_ino == two.st_ino else { return false }
            case EPERM, EXDEV, EMLINK, ENOTSUP:
                // A file system without hard links: look, then rename (the window is small and the
                // desk holds its run lock).
                var status = stat()
                if Self.withCString(newName, { fstatat(target, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 { return false }
                if let expected, !stillIs(name, expected) { throw Failure(message: "was replaced or changed since it was read", changed: true) }
                guard Self.withCString(source, { from in Self.withCString(newName) { to in renameat(AT_FDCWD, from, target, to) } }) == 0 else {
                    throw Failure(message: Self.errorText())
                }
                return true
            default:
                throw Failure(message: String(cString: strerror(failure)))
            }
        }
        // A link is moved as the link it is; anything else must be the very file listed.
        if let expected, !expected.followed {
            var status = stat()
            guard Self.withCString(newName, { fstatat(target, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0,
                  Self.identity(status, followed: false).sameVersion(as: expected) else {
                Self.withCString(newName) { _ = unlinkat(target, $0, 0) }
                throw Failure(message: "was replaced or changed since it was read", changed: true)
            }
            // The listed file is in its new place; a new version now under the old name stays there.
            if !stillIs(name, expected, afterLinking: true) { return true }
        }
        guard Self.withCString(source, { unlink($0) }) == 0 || errno == ENOENT else {
            throw Failure(message: Self.errorText())
        }
        return true
    }

    func remove(_ path: [UInt8]) throws(Failure) {
        guard Self.withCString(path, { unlink($0) }) == 0 else { throw Failure(message: Self.errorText()) }
    }

    /// The full path of a name, as bytes.
    func path(_ name: [UInt8]) -> [UInt8] {
        var bytes = Array(folder.utf8)
        if bytes.last != 0x2F { bytes.append(0x2F) }
        return bytes + name
    }

    /// Whether a resolved path lies inside the folder (resolved too: the folder may itself be
    /// reached through a link).
    private func isInside(_ resolved: [UInt8]) -> Bool {
        let base = Self.withCString(Array(folder.utf8)) { realpath($0, nil) }.map { pointer in
            defer { free(pointer) }
            return Self.bytes(of: pointer)
        } ?? Array(folder.utf8)
        let prefix = base.last == 0x2F ? base : base + [0x2F]
        return resolved.count > prefix.count && Array(resolved.prefix(prefix.count)) == prefix
    }

    /// A C string's bytes as they are (`String(cString:)` would repair what is not UTF-8, and two
    /// different paths could then compare equal).
    static func bytes(of pointer: UnsafePointer<CChar>) -> [UInt8] {
        Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
    }

    /// Where a symbolic link leads, as bytes; nil when it cannot be read.
    static func readLink(_ path: [UInt8]) -> [UInt8]? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = withCString(path) { readlink($0, &buffer, buffer.count) }
        guard count >= 0, count < buffer.count else { return nil }
        return buffer[..<count].map { UInt8(bitPattern: $0) }
    }

    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    static func identity(_ status: stat, followed: Bool) -> FileIdentity {
        FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int(status.st_size),
                     modifiedNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                     changedNanoseconds: Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec), followed: followed)
    }

    static func date(_ status: stat) -> Date {
        Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
