/// Why the QEMU backend could not give an answer. Every case names what was being done, so a
/// person can tell a missing or old QEMU from one that died on a table.
public enum QEMUError: Error, Equatable, CustomStringConvertible {
    /// No binary: the places looked in.
    case notFound(String)
    /// The binary is there but reports a version below the one measured to work.
    case tooOld(path: String, version: String, minimum: String)
    /// `--version` did not answer with a version line.
    case noVersion(path: String, output: String)
    /// The process could not be started.
    case launch(path: String, reason: String)
    /// QEMU exited (or was killed) while a qtest command was outstanding.
    case died(command: String, status: String, stderr: String)
    /// No reply within the bound.
    case timeout(command: String, seconds: Double)
    /// A reply that is not `OK …`.
    case rejected(command: String, reply: String)
    /// The machine QEMU built is not the one the harness needs (no SMMUv3, no edu).
    case machine(String)
    /// The script asks for something QEMU's SMMU or machine cannot do.
    case unsupported(String)
    /// The SMMU did not do what the harness waited for (CONS never reached PROD, …).
    case smmu(String)

    /// The message: what was being done and what went wrong.
    public var description: String {
        switch self {
        case let .notFound(s): return "QEMU not found: \(s)"
        case let .tooOld(p, v, m): return "\(p) is QEMU \(v); the harness needs \(m) or newer (Debian 12: apt-get install -y qemu-system-arm; 10.x from bookworm-backports)"
        case let .noVersion(p, o): return "\(p) --version did not print a QEMU version (got: \(o.prefix(200)))"
        case let .launch(p, r): return "could not start \(p): \(r)"
        case let .died(c, s, e):
            let tail = e.split(separator: "\n").suffix(6).joined(separator: "\n  ")
            return "QEMU died (\(s)) during '\(c.prefix(80))'" + (tail.isEmpty ? "" : ":\n  \(tail)")
        case let .timeout(c, s): return "QEMU did not answer '\(c.prefix(80))' within \(s) s"
        case let .rejected(c, r): return "QEMU refused '\(c.prefix(80))': \(r)"
        case let .machine(s): return "QEMU machine: \(s)"
        case let .unsupported(s): return "not possible on QEMU's SMMUv3: \(s)"
        case let .smmu(s): return "QEMU's SMMUv3: \(s)"
        }
    }
}
