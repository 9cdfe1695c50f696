import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the QEMU binary comes from: `--qemu`, then `$SMMUV3_QEMU`, then `qemu-system-aarch64`
/// on `PATH`.
public enum QEMULocator {
    /// The binary looked for on `PATH`.
    public static let binaryName = "qemu-system-aarch64"
    /// The oldest QEMU the facts in ../shared/qemu/README.md were measured on.
    public static let minimum = (major: 7, minor: 2)

    /// The binary to run, or why there is none.
    public static func locate(explicit: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(QEMUError) -> String {
        let fm = FileManager.default
        if let p = explicit {
            guard fm.isExecutableFile(atPath: p) else { throw .notFound("--qemu \(p) is not an executable file") }
            return p
        }
        if let p = environment["SMMUV3_QEMU"], !p.isEmpty {
            guard fm.isExecutableFile(atPath: p) else { throw .notFound("$SMMUV3_QEMU=\(p) is not an executable file") }
            return p
        }
        for dir in (environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            let p = "\(dir)/\(binaryName)"
            if fm.isExecutableFile(atPath: p) { return p }
        }
        throw .notFound("no --qemu, $SMMUV3_QEMU is not set and \(binaryName) is not on PATH (Debian: apt-get install -y qemu-system-arm)")
    }

    /// `(major, minor, text)` from `qemu --version`, refusing one older than `minimum`.
    public static func version(of path: String) throws(QEMUError) -> (major: Int, minor: Int, text: String) {
        let out: String
        do { out = try runCaptured(path, ["--version"], seconds: 10) } catch { throw .launch(path: path, reason: "\(error)") }
        // "QEMU emulator version 10.0.2 (Debian …)"
        guard let r = out.range(of: "version ") else { throw .noVersion(path: path, output: out) }
        let text = String(out[r.upperBound...].prefix { !$0.isWhitespace })
        let parts = text.split(separator: ".").map { Int($0.prefix { $0.isNumber }) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { throw .noVersion(path: path, output: out) }
        if (major, minor) < minimum {
            throw .tooOld(path: path, version: text, minimum: "\(minimum.major).\(minimum.minor)")
        }
        return (major, minor, text)
    }

    /// Run a short command, capture its standard output, kill it if it outlives `seconds`.
    static func runCaptured(_ path: String, _ args: [String], seconds: Double) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(2000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The PIDs of live QEMU children, so that a fatal signal kills them before this process dies
/// (QEMU does not exit when its qtest pipe closes). Plain atomics: read from a signal handler.
enum LiveChildren {
    static let capacity = 64
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Atomic<Int32>> = {
        let p = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: capacity)
        for i in 0..<capacity { (p + i).initialize(to: Atomic(0)) }
        return p
    }()
    private static let installed = Mutex(false)

    /// Record a child; false when every slot is taken (the caller kills it and refuses).
    static func add(_ pid: Int32) -> Bool {
        installHandlers()
        for i in 0..<capacity where slots[i].compareExchange(expected: 0, desired: pid, ordering: .sequentiallyConsistent).exchanged {
            return true
        }
        return false
    }

    static func remove(_ pid: Int32) {
        for i in 0..<capacity { _ = slots[i].compareExchange(expected: pid, desired: 0, ordering: .sequentiallyConsistent) }
    }

    /// The handlers that were there before ours, by signal number, restored before re-raising.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()

    /// The signals that end this process: on each, every QEMU child is killed first, then the
    /// previous handler (the default, or the Swift runtime's crash reporter) runs as before. A
    /// crash of the harness itself (a trap, SIGSEGV) must not leave QEMU running either.
    static let fatalSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    /// Install the handlers once. SIGPIPE is ignored: a write to a dead QEMU is an EPIPE the
    /// harness reports.
    static func installHandlers() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            signal(SIGPIPE, SIG_IGN)
            for sig in fatalSignals {
                var sa = sigaction()
                #if canImport(Glibc) || canImport(Musl)
                sa.__sigaction_handler.sa_handler = { s in
                    LiveChildren.killAll()
                    sigaction(s, LiveChildren.previous + Int(s), nil)
                    raise(s)
                }
                #else
                sa.__sigaction_u.__sa_handler = { s in
                    LiveChildren.killAll()
                    sigaction(s, LiveChildren.previous + Int(s), nil)
                    raise(s)
                }
                #endif
                sigemptyset(&sa.sa_mask)
                sa.sa_flags = 0
                sigaction(sig, &sa, previous + Int(sig))
            }
        }
    }

    /// Async-signal-safe: atomics and kill(2) only.
    static func killAll() {
        for i in 0..<capacity {
            let pid = slots[i].load(ordering: .relaxed)
            if pid > 0 { kill(pid, SIGKILL) }
        }
    }
}

/// One `qemu-system-aarch64` driven over `-qtest stdio`: line commands on its standard input,
/// `OK …` replies on its standard output. Every wait is bounded; the process is killed and
/// reaped by `close()` (also from `deinit`, and from a fatal signal through `LiveChildren`).
public final class QEMUProcess: @unchecked Sendable {
    /// The binary's path.
    public let path: String
    /// The command line it was started with.
    public let arguments: [String]
    /// Lines QEMU printed into the qtest stream that are not replies (edu's "clamping DMA").
    public private(set) var strayLines: [String] = []
    /// Seconds from launch to the first reply.
    public private(set) var startSeconds: Double = 0
    /// The default bound on one reply.
    public var replySeconds: Double = 5

    private let process: Process
    private let input: Int32
    private let output: Int32
    private let stderrPath: String
    private var buffer: [UInt8] = []
    private var closed = false
    private let lock = NSLock()

    /// Start QEMU with `arguments` (the machine, devices and `-qtest stdio` included) and wait
    /// for its first reply to `probe`.
    public init(path: String, arguments: [String], probe: String, startSeconds bound: Double = 10) throws(QEMUError) {
        self.path = path
        self.arguments = arguments
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let stdinPipe = Pipe(), stdoutPipe = Pipe()
        stderrPath = NSTemporaryDirectory() + "smmuv3-qemu-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err"
        guard FileManager.default.createFile(atPath: stderrPath, contents: nil),
              let err = FileHandle(forWritingAtPath: stderrPath) else {
            throw .launch(path: path, reason: "cannot create \(stderrPath) for QEMU's standard error")
        }
        p.standardInput = stdinPipe
        p.standardOutput = stdoutPipe
        p.standardError = err
        LiveChildren.installHandlers()
        let t0 = Date()
        do { try p.run() } catch {
            try? FileManager.default.removeItem(atPath: stderrPath)
            throw .launch(path: path, reason: "\(error)")
        }
        try? err.close()
        process = p
        input = stdinPipe.fileHandleForWriting.fileDescriptor
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        output = stdoutPipe.fileHandleForReading.fileDescriptor
        // Keep the pipes' handles alive as long as the descriptors are used.
        pipes = (stdinPipe, stdoutPipe)
        guard LiveChildren.add(p.processIdentifier) else {
            close()
            throw .launch(path: path, reason: "more than \(LiveChildren.capacity) QEMU processes at once")
        }
        do {
            _ = try command(probe, seconds: bound)
        } catch {
            close()
            throw error
        }
        startSeconds = Date().timeIntervalSince(t0)
    }

    private var pipes: (Pipe, Pipe)?

    deinit { close() }

    /// Kill and reap QEMU (idempotent). Bounded: SIGKILL cannot be ignored.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        let pid = process.processIdentifier
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        LiveChildren.remove(pid)
        pipes = nil
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    /// QEMU's process id (for a person's `kill`, and for tests that kill it).
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Whether QEMU is still running.
    public var isRunning: Bool { process.isRunning }

    /// What QEMU wrote on standard error so far.
    public var standardError: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    private func deathError(_ cmd: String) -> QEMUError {
        // Give the process a moment to finish dying so the status is known.
        let deadline = Date().addingTimeInterval(1)
        while process.isRunning && Date() < deadline { usleep(1000) }
        let status: String
        if process.isRunning {
            status = "stopped answering"
        } else if process.terminationReason == .uncaughtSignal {
            status = "signal \(process.terminationStatus)"
        } else {
            status = "exit status \(process.terminationStatus)"
        }
        return .died(command: cmd, status: status, stderr: standardError)
    }

    /// Send one qtest line and return its `OK` reply (without the `OK`, trimmed).
    @discardableResult
    public func command(_ line: String, seconds: Double? = nil) throws(QEMUError) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { throw .died(command: line, status: "already closed", stderr: "") }
        let bound = seconds ?? replySeconds
        let deadline = Date().addingTimeInterval(bound)
        // The write is bounded too: QEMU's standard input is non-blocking, and a QEMU that stops
        // reading is a timeout, not a hang.
        var bytes = Array((line + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeMutableBytes { b in
                guard let base = b.baseAddress else { return 0 }
                return systemWrite(input, base + sent, b.count - sent)
            }
            if n < 0 {
                if errno == EINTR { continue }
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw deathError(line) }
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { throw .timeout(command: line, seconds: bound) }
                var pfd = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, Int32(min(left * 1000 + 1, 60_000)))
                continue
            }
            sent += n
        }
        bytes = []
        while true {
            let reply = try readLine(until: deadline, command: line, bound: bound)
            if reply.hasPrefix("OK") { return String(reply.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            if reply.hasPrefix("FAIL") || reply.hasPrefix("ERR") { throw .rejected(command: line, reply: reply) }
            if reply.hasPrefix("IRQ") { continue }
            strayLines.append(reply)
        }
    }

    private func readLine(until deadline: Date, command: String, bound: Double) throws(QEMUError) -> String {
        while true {
            if let nl = buffer.firstIndex(of: 0x0a) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeFirst(nl + 1)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw .timeout(command: command, seconds: bound) }
            var pfd = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(min(left * 1000 + 1, 60_000)))
            if r < 0 {
                if errno == EINTR { continue }
                throw deathError(command)
            }
            if r == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { b in b.baseAddress.map { systemRead(output, $0, b.count) } ?? 0 }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw deathError(command)
            }
            if n == 0 { throw deathError(command) }
            buffer += chunk[..<n]
        }
    }

    // MARK: the qtest verbs

    /// Reads 32 bits at guest physical address `a` (`readl`).
    public func readl(_ a: UInt64) throws(QEMUError) -> UInt32 { UInt32(truncatingIfNeeded: try value(try command("readl \(hexa(a))"), "readl \(hexa(a))")) }
    /// Reads 64 bits at guest physical address `a` (`readq`).
    public func readq(_ a: UInt64) throws(QEMUError) -> UInt64 { try value(try command("readq \(hexa(a))"), "readq \(hexa(a))") }
    /// Writes 16 bits at guest physical address `a` (`writew`).
    public func writew(_ a: UInt64, _ v: UInt16) throws(QEMUError) { try command("writew \(hexa(a)) \(hexa(UInt64(v)))") }
    /// Writes 32 bits at guest physical address `a` (`writel`).
    public func writel(_ a: UInt64, _ v: UInt32) throws(QEMUError) { try command("writel \(hexa(a)) \(hexa(UInt64(v)))") }
    /// Writes 64 bits at guest physical address `a` (`writeq`).
    public func writeq(_ a: UInt64, _ v: UInt64) throws(QEMUError) { try command("writeq \(hexa(a)) \(hexa(v))") }

    /// Write bytes into guest memory (`write A N 0xHEX`).
    public func write(_ a: UInt64, _ data: [UInt8]) throws(QEMUError) {
        guard !data.isEmpty else { return }
        let head = Array("write \(hexa(a)) \(hexa(UInt64(data.count))) 0x".utf8)
        let s = String(unsafeUninitializedCapacity: head.count + data.count * 2) { out in
            for (i, c) in head.enumerated() { out[i] = c }
            var o = head.count
            data.withUnsafeBufferPointer { d in
                for b in d {
                    out[o] = hexDigits[Int(b >> 4)]
                    out[o + 1] = hexDigits[Int(b & 0xf)]
                    o += 2
                }
            }
            return o
        }
        try command(s, seconds: max(replySeconds, Double(data.count) / 1_000_000 + 5))
    }

    /// Read bytes from guest memory (`read A N`).
    public func read(_ a: UInt64, count: Int) throws(QEMUError) -> [UInt8] {
        let cmd = "read \(hexa(a)) \(hexa(UInt64(count)))"
        let r = try command(cmd)
        guard r.hasPrefix("0x") else { throw .rejected(command: cmd, reply: r) }
        let hex = Array(r.utf8.dropFirst(2))
        guard hex.count == count * 2 else { throw .rejected(command: cmd, reply: "\(hex.count / 2) bytes, not \(count)") }
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            guard let hi = nibble(hex[2 * i]), let lo = nibble(hex[2 * i + 1]) else { throw .rejected(command: cmd, reply: r) }
            out[i] = hi << 4 | lo
        }
        return out
    }

    /// Reads `count` little-endian 64-bit words from guest physical address `a`.
    public func readQwords(_ a: UInt64, count: Int) throws(QEMUError) -> [UInt64] {
        let b = try read(a, count: count * 8)
        return (0..<count).map { i in (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i * 8 + $1]) << (8 * $1) } }
    }

    private func value(_ reply: String, _ cmd: String) throws(QEMUError) -> UInt64 {
        let t = reply.hasPrefix("0x") ? String(reply.dropFirst(2)) : reply
        guard let v = UInt64(t, radix: 16) else { throw .rejected(command: cmd, reply: reply) }
        return v
    }
}

private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

func hexa(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

private func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: c - 0x30
    case 0x61...0x66: c - 0x61 + 10
    case 0x41...0x46: c - 0x41 + 10
    default: nil
    }
}
