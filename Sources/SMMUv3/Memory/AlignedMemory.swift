#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CSMMUv3

/// Memory shared with the SMMU: obtained with `posix_memalign`, zeroed, released with `free`
/// when the owner goes away. `~Copyable`: exactly one owner, as a driver owns a table it has
/// handed to the hardware.
///
/// The pointers into it stay inside the module: the SMMU may read this memory at any time, so
/// every store goes through a table's `publish`. Readers see the words through ``withWords(_:)``.
@safe
public struct AlignedMemory: ~Copyable {
    /// The host address of the first byte, aligned to `alignment`.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// The size in bytes.
    public let size: Int
    /// The alignment in bytes, a power of two of at least 8.
    public let alignment: Int

    /// `size` bytes aligned to `alignment`, zeroed.
    ///
    /// - Throws: `MemoryError` with the size and alignment asked for; never traps.
    public init(size: Int, alignment: Int) throws(MemoryError) {
        try self.init(size: size, alignment: alignment, zeroed: true)
    }

    /// `zeroed: false` for memory its owner writes whole before anything reads it.
    init(size: Int, alignment: Int, zeroed: Bool) throws(MemoryError) {
        guard size > 0 else { throw .badSize(size) }
        guard alignment >= MemoryLayout<UInt64>.alignment, alignment & (alignment - 1) == 0 else {
            throw .badAlignment(alignment)
        }
        var p: UnsafeMutableRawPointer?
        let rc = posix_memalign(&p, alignment, size)
        guard rc == 0, let p else { throw .allocationFailed(size: size, alignment: alignment, errno: rc) }
        if zeroed { memset(p, 0, size) }
        base = p
        self.size = size
        self.alignment = alignment
    }

    deinit { free(base) }

    /// The 64-bit words of this memory.
    @usableFromInline var qwords: UnsafeMutablePointer<UInt64> { base.assumingMemoryBound(to: UInt64.self) }
    /// The number of whole 64-bit words.
    public var qwordCount: Int { size / 8 }

    /// One 64-bit single-copy-atomic load, as the SMMU reads a word.
    public func load(qword i: Int) -> UInt64 {
        precondition(i >= 0 && i < qwordCount, "qword \(i) outside \(qwordCount)")
        return smmuv3_load_qword(qwords + i)
    }

    /// Calls `body` with the whole words of this memory, for reading; the span does not outlive
    /// the call. Plain loads: a word another thread may be storing is read with
    /// ``load(qword:)``.
    public func withWords<R, E: Error>(_ body: (Span<UInt64>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: qwords, count: qwordCount).span)
    }

    /// Copy of the bytes (for images and tests).
    public func bytes() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base, count: size))
    }
}

/// Why memory could not be had.
public enum MemoryError: Error, Equatable, CustomStringConvertible {
    /// A size of 0 or less.
    case badSize(Int)
    /// An alignment that is not a power of two of at least 8.
    case badAlignment(Int)
    /// `posix_memalign` failed, with its error code.
    case allocationFailed(size: Int, alignment: Int, errno: Int32)

    /// The message: the size, the alignment and why it failed.
    public var description: String {
        switch self {
        case let .badSize(s): "cannot allocate \(s) bytes"
        case let .badAlignment(a): "alignment \(a) is not a power of two of at least 8"
        case let .allocationFailed(s, a, e):
            "posix_memalign of \(s) bytes aligned to \(a) failed: \(String(cString: strerror(e)))"
        }
    }
}
