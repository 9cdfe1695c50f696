import CSMMUv3

/// A Stream Table Entry: 64 bytes, 8 words (IHI 0070 §5.2), over the C `smmuv3_ste`.
public struct STE: Descriptor {
    /// The 8 words as the C type `smmuv3_ste` holds them (`qw[0]` is word 0).
    public var raw: smmuv3_ste
    /// Always ``DescriptorKind/ste``.
    public static let kind = DescriptorKind.ste
    /// The STE layout, ``DescriptorLayout/ste`` (IHI 0070 §5.2).
    public var layout: DescriptorLayout { DescriptorLayout.ste }

    /// An all-zero STE (V=0: invalid).
    public init() { raw = smmuv3_ste() }
    /// Wraps a C `smmuv3_ste` as it is.
    public init(raw: smmuv3_ste) { self.raw = raw }
    /// From 8 words, word 0 first.
    ///
    /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there are exactly 8 words.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 8 else { throw .wordCount(kind: "ste", expected: 8, got: words.count) }
        raw = smmuv3_ste()
        storeWords(words, into: &raw, count: 8)
    }

    /// The 8 words, word 0 first; a new value must hold exactly 8 words.
    public var words: [UInt64] {
        get { loadWords(raw, count: 8) }
        set { storeWords(newValue, into: &raw, count: 8) }
    }

    /// Two STEs are equal when all 8 words are equal.
    public static func == (a: STE, b: STE) -> Bool { a.words == b.words }
    /// Hashes the 8 words.
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Context Descriptor: 64 bytes, 8 words (IHI 0070 §5.4), over the C `smmuv3_cd`.
public struct CD: Descriptor {
    /// The 8 words as the C type `smmuv3_cd` holds them (`qw[0]` is word 0).
    public var raw: smmuv3_cd
    /// Always ``DescriptorKind/cd``.
    public static let kind = DescriptorKind.cd
    /// The CD layout, ``DescriptorLayout/cd`` (IHI 0070 §5.4).
    public var layout: DescriptorLayout { DescriptorLayout.cd }

    /// An all-zero CD (V=0: invalid; C_BAD_CD if used).
    public init() { raw = smmuv3_cd() }
    /// Wraps a C `smmuv3_cd` as it is.
    public init(raw: smmuv3_cd) { self.raw = raw }
    /// From 8 words, word 0 first.
    ///
    /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there are exactly 8 words.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 8 else { throw .wordCount(kind: "cd", expected: 8, got: words.count) }
        raw = smmuv3_cd()
        storeWords(words, into: &raw, count: 8)
    }

    /// The 8 words, word 0 first; a new value must hold exactly 8 words.
    public var words: [UInt64] {
        get { loadWords(raw, count: 8) }
        set { storeWords(newValue, into: &raw, count: 8) }
    }

    /// Two CDs are equal when all 8 words are equal.
    public static func == (a: CD, b: CD) -> Bool { a.words == b.words }
    /// Hashes the 8 words.
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Level-1 Stream Table Descriptor: one word (IHI 0070 §5.1).
public struct L1STD: Descriptor {
    /// The word as the C type `smmuv3_l1std` holds it.
    public var raw: smmuv3_l1std
    /// Always ``DescriptorKind/l1std``.
    public static let kind = DescriptorKind.l1std
    /// The L1STD layout, ``DescriptorLayout/l1std`` (IHI 0070 §5.1).
    public var layout: DescriptorLayout { DescriptorLayout.l1std }

    /// An all-zero L1STD (Span=0: its StreamIDs are invalid, C_BAD_STREAMID, IHI 0070 §5.1).
    public init() { raw = smmuv3_l1std() }
    /// From 1 word.
    ///
    /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there is exactly 1 word.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 1 else { throw .wordCount(kind: "l1std", expected: 1, got: words.count) }
        raw = smmuv3_l1std()
        storeWords(words, into: &raw, count: 1)
    }

    /// The one word; a new value must hold exactly 1 word.
    public var words: [UInt64] {
        get { loadWords(raw, count: 1) }
        set { storeWords(newValue, into: &raw, count: 1) }
    }

    /// Two L1STDs are equal when their words are equal.
    public static func == (a: L1STD, b: L1STD) -> Bool { a.words == b.words }
    /// Hashes the word.
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Level-1 Context Descriptor: one word (IHI 0070 §5.3).
public struct L1CD: Descriptor {
    /// The word as the C type `smmuv3_l1cd` holds it.
    public var raw: smmuv3_l1cd
    /// Always ``DescriptorKind/l1cd``.
    public static let kind = DescriptorKind.l1cd
    /// The L1CD layout, ``DescriptorLayout/l1cd`` (IHI 0070 §5.3).
    public var layout: DescriptorLayout { DescriptorLayout.l1cd }

    /// An all-zero L1CD (V=0: the L2 CD table is invalid, IHI 0070 §5.3).
    public init() { raw = smmuv3_l1cd() }
    /// From 1 word.
    ///
    /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there is exactly 1 word.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 1 else { throw .wordCount(kind: "l1cd", expected: 1, got: words.count) }
        raw = smmuv3_l1cd()
        storeWords(words, into: &raw, count: 1)
    }

    /// The one word; a new value must hold exactly 1 word.
    public var words: [UInt64] {
        get { loadWords(raw, count: 1) }
        set { storeWords(newValue, into: &raw, count: 1) }
    }

    /// Two L1CDs are equal when their words are equal.
    public static func == (a: L1CD, b: L1CD) -> Bool { a.words == b.words }
    /// Hashes the word.
    public func hash(into h: inout Hasher) { h.combine(words) }
}

extension CommandQueue {
    /// A command-queue entry: 16 bytes, 2 words (IHI 0070 chapter 4). Its layout is the one its
    /// opcode selects (for 0x04, Range=31 selects CMD_CFGI_ALL).
    public struct Entry: Descriptor {
        /// The 2 words as the C type `smmuv3_cmd` holds them (`qw[0]` is word 0).
        public var raw: smmuv3_cmd
        /// Always ``DescriptorKind/cmd``.
        public static let kind = DescriptorKind.cmd
        /// The command this entry is, nil for a reserved opcode.
        public var record: DescriptorLayout? { DescriptorLayout.command(opcode: words[0] & 0xff, words: words) }
        /// The record's layout; for a reserved opcode, a layout with only Opcode.
        public var layout: DescriptorLayout { record ?? DescriptorLayout.unknownCommand }

        /// A command of kind `command` with every other field zero.
        public init(_ command: DescriptorLayout) {
            raw = smmuv3_cmd()
            var w: [UInt64] = [UInt64(command.code), 0]
            if command.name == "CMD_CFGI_ALL" { w[1] = 31 }  // CFGI_ALL is STE_RANGE with Range=31 (§4.3.3)
            storeWords(w, into: &raw, count: 2)
        }

        /// From 2 words, word 0 (with the Opcode in bits [7:0]) first.
        ///
        /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there are exactly 2 words.
        public init(words: [UInt64]) throws(InputError) {
            guard words.count == 2 else { throw .wordCount(kind: "cmd", expected: 2, got: words.count) }
            raw = smmuv3_cmd()
            storeWords(words, into: &raw, count: 2)
        }

        /// The 2 words, word 0 first; a new value must hold exactly 2 words.
        public var words: [UInt64] {
            get { loadWords(raw, count: 2) }
            set { storeWords(newValue, into: &raw, count: 2) }
        }

        /// Two entries are equal when both words are equal.
        public static func == (a: CommandQueue.Entry, b: CommandQueue.Entry) -> Bool { a.words == b.words }
        /// Hashes the 2 words.
        public func hash(into h: inout Hasher) { h.combine(words) }
    }
}

/// An event record: 32 bytes, 4 words (IHI 0070 §7.3). Its layout is the one its EventID selects.
public struct EventRecord: Descriptor {
    /// The 4 words as the C type `smmuv3_evt` holds them (`qw[0]` is word 0).
    public var raw: smmuv3_evt
    /// Always ``DescriptorKind/evt``.
    public static let kind = DescriptorKind.evt
    /// The event record this is, selected by EventID (word 0 bits [7:0], IHI 0070 §7.3); nil for an unknown EventID.
    public var record: DescriptorLayout? { DescriptorLayout.event(id: words[0] & 0xff) }
    /// The record's layout; for an unknown EventID, ``DescriptorLayout/unknownEvent``.
    public var layout: DescriptorLayout { record ?? DescriptorLayout.unknownEvent }

    /// An event record of kind `event` (its EventID set) with every other field zero.
    public init(_ event: DescriptorLayout) {
        raw = smmuv3_evt()
        storeWords([UInt64(event.code), 0, 0, 0], into: &raw, count: 4)
    }

    /// From 4 words, word 0 (with the EventID in bits [7:0]) first.
    ///
    /// - Throws: ``InputError/wordCount(kind:expected:got:)`` unless there are exactly 4 words.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 4 else { throw .wordCount(kind: "evt", expected: 4, got: words.count) }
        raw = smmuv3_evt()
        storeWords(words, into: &raw, count: 4)
    }

    /// The 4 words, word 0 first; a new value must hold exactly 4 words.
    public var words: [UInt64] {
        get { loadWords(raw, count: 4) }
        set { storeWords(newValue, into: &raw, count: 4) }
    }

    /// Two event records are equal when all 4 words are equal.
    public static func == (a: EventRecord, b: EventRecord) -> Bool { a.words == b.words }
    /// Hashes the 4 words.
    public func hash(into h: inout Hasher) { h.combine(words) }
}

extension DescriptorLayout {
    /// A command whose opcode names no command: only the Opcode field is known.
    public static let unknownCommand = DescriptorLayout(name: "CMD_RESERVED", code: 0, wordCount: 2,
                                              fields: [commands[0].fields[0]])
    /// An event record whose EventID names no record: only the common fields are known.
    public static let unknownEvent = DescriptorLayout(name: "EVT_UNKNOWN", code: 0, wordCount: 4,
                                            fields: events[0].fields.filter {
                                                ["EventID", "SSV", "SubstreamID", "StreamID"].contains($0.name)
                                            })
}

extension DescriptorLayout {
    init(name: String, code: UInt32, wordCount: Int, fields: [DescriptorLayout.Field]) {
        self.name = name
        self.code = code
        self.wordCount = wordCount
        self.fields = fields
    }
}
