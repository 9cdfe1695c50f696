import CSMMUv3

/// A Stream Table Entry: 64 bytes, 8 words (IHI 0070 §5.2), over the C `smmuv3_ste`.
public struct STE: Descriptor {
    public var raw: smmuv3_ste
    public static let kind = DescriptorKind.ste
    public var layout: DescriptorLayout { DescriptorLayout.ste }

    /// An all-zero STE (V=0: invalid).
    public init() { raw = smmuv3_ste() }
    public init(raw: smmuv3_ste) { self.raw = raw }
    /// From 8 words, word 0 first.
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 8 else { throw .wordCount(kind: "ste", expected: 8, got: words.count) }
        raw = smmuv3_ste()
        storeWords(words, into: &raw, count: 8)
    }

    public var words: [UInt64] {
        get { loadWords(raw, count: 8) }
        set { storeWords(newValue, into: &raw, count: 8) }
    }

    public static func == (a: STE, b: STE) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Context Descriptor: 64 bytes, 8 words (IHI 0070 §5.4), over the C `smmuv3_cd`.
public struct CD: Descriptor {
    public var raw: smmuv3_cd
    public static let kind = DescriptorKind.cd
    public var layout: DescriptorLayout { DescriptorLayout.cd }

    /// An all-zero CD (V=0: invalid; C_BAD_CD if used).
    public init() { raw = smmuv3_cd() }
    public init(raw: smmuv3_cd) { self.raw = raw }
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 8 else { throw .wordCount(kind: "cd", expected: 8, got: words.count) }
        raw = smmuv3_cd()
        storeWords(words, into: &raw, count: 8)
    }

    public var words: [UInt64] {
        get { loadWords(raw, count: 8) }
        set { storeWords(newValue, into: &raw, count: 8) }
    }

    public static func == (a: CD, b: CD) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Level-1 Stream Table Descriptor: one word (IHI 0070 §5.1).
public struct L1STD: Descriptor {
    public var raw: smmuv3_l1std
    public static let kind = DescriptorKind.l1std
    public var layout: DescriptorLayout { DescriptorLayout.l1std }

    public init() { raw = smmuv3_l1std() }
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 1 else { throw .wordCount(kind: "l1std", expected: 1, got: words.count) }
        raw = smmuv3_l1std()
        storeWords(words, into: &raw, count: 1)
    }

    public var words: [UInt64] {
        get { loadWords(raw, count: 1) }
        set { storeWords(newValue, into: &raw, count: 1) }
    }

    public static func == (a: L1STD, b: L1STD) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) { h.combine(words) }
}

/// A Level-1 Context Descriptor: one word (IHI 0070 §5.3).
public struct L1CD: Descriptor {
    public var raw: smmuv3_l1cd
    public static let kind = DescriptorKind.l1cd
    public var layout: DescriptorLayout { DescriptorLayout.l1cd }

    public init() { raw = smmuv3_l1cd() }
    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 1 else { throw .wordCount(kind: "l1cd", expected: 1, got: words.count) }
        raw = smmuv3_l1cd()
        storeWords(words, into: &raw, count: 1)
    }

    public var words: [UInt64] {
        get { loadWords(raw, count: 1) }
        set { storeWords(newValue, into: &raw, count: 1) }
    }

    public static func == (a: L1CD, b: L1CD) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) { h.combine(words) }
}

extension CommandQueue {
    /// A command-queue entry: 16 bytes, 2 words (IHI 0070 chapter 4). Its layout is the one its
    /// opcode selects (for 0x04, Range=31 selects CMD_CFGI_ALL).
    public struct Entry: Descriptor {
        public var raw: smmuv3_cmd
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

        public init(words: [UInt64]) throws(InputError) {
            guard words.count == 2 else { throw .wordCount(kind: "cmd", expected: 2, got: words.count) }
            raw = smmuv3_cmd()
            storeWords(words, into: &raw, count: 2)
        }

        public var words: [UInt64] {
            get { loadWords(raw, count: 2) }
            set { storeWords(newValue, into: &raw, count: 2) }
        }

        public static func == (a: CommandQueue.Entry, b: CommandQueue.Entry) -> Bool { a.words == b.words }
        public func hash(into h: inout Hasher) { h.combine(words) }
    }
}

/// An event record: 32 bytes, 4 words (IHI 0070 §7.3). Its layout is the one its EventID selects.
public struct EventRecord: Descriptor {
    public var raw: smmuv3_evt
    public static let kind = DescriptorKind.evt
    public var record: DescriptorLayout? { DescriptorLayout.event(id: words[0] & 0xff) }
    public var layout: DescriptorLayout { record ?? DescriptorLayout.unknownEvent }

    public init(_ event: DescriptorLayout) {
        raw = smmuv3_evt()
        storeWords([UInt64(event.code), 0, 0, 0], into: &raw, count: 4)
    }

    public init(words: [UInt64]) throws(InputError) {
        guard words.count == 4 else { throw .wordCount(kind: "evt", expected: 4, got: words.count) }
        raw = smmuv3_evt()
        storeWords(words, into: &raw, count: 4)
    }

    public var words: [UInt64] {
        get { loadWords(raw, count: 4) }
        set { storeWords(newValue, into: &raw, count: 4) }
    }

    public static func == (a: EventRecord, b: EventRecord) -> Bool { a.words == b.words }
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
