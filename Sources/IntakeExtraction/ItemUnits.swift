import Foundation
import IntakeModel

/// The units a count may carry and the contract's name for each: one vocabulary for the count
/// patterns, the table reader and the item readers, kept apart so that all of them read a unit alike.
enum ItemUnits {
    /// The units a count may carry, in the order the patterns try them.
    static let units = ["pcs", "pc", "pieces", "piece", "boxes", "box", "packs", "pack", "packets", "packet", "reams", "ream", "rolls", "roll",
                        "sets", "set", "cartons", "carton", "ctns", "ctn", "units", "bottles", "bottle", "dozens", "dozen", "doz", "kgs", "kg",
                        "bags", "bag", "cans", "can", "cases", "case", "jars", "jar", "tins", "tin", "tubes", "tube", "pairs", "pair",
                        "bundles", "bundle", "pallets", "pallet", "drums", "drum", "reels", "reel", "spools", "spool", "ea",
                        "blocks", "block", "trays", "tray", "tubs", "tub", "pails", "pail", "buckets", "bucket", "sacks", "sack",
                        "racks", "rack", "sleeves", "sleeve", "loaves", "cartridges", "cartridge", "kits", "kit", "jugs", "jug",
                        // Produce by the catty (斤, 600 g in Taiwan, 500 g on the mainland), the bunch and the head.
                        "catties", "catty", "jin", "bunches", "bunch", "heads", "head", "punnets", "punnet",
                        "台斤", "斤", "束",
                        // Dried goods by the pound and the tael, tea by the cake ("普洱生餅 14餅").
                        "lbs", "lb", "taels", "tael", "cakes", "cake", "餅", "饼",
                        // 兩 is a tael after a number ("花膠 10兩"); before a unit it is two ("兩包").
                        "兩", "两",
                        // "固态硬盘 5块", "内存条 8根" (块 after a price word stays money: see PaymentParser.writesYuan).
                        "块", "塊", "根",
                        // Fabric by the metre and the yard, buttons by the gross (罗, 144).
                        "metres", "metre", "meters", "meter", "yards", "yard", "yds", "yd", "gross",
                        "公尺", "米", "碼", "码", "羅", "罗", "籮", "箩", "匹",
                        "盘", "盤", "颗", "顆", "粒", "公斤", "千克", "箱", "盒", "個", "个", "支", "枝", "包", "張", "张", "本", "捲", "卷", "組", "组",
                        "台", "臺", "件", "瓶", "罐", "打", "令", "套", "條", "条", "片", "把", "袋", "桶", "隻", "只",
                        "頂", "顶", "雙", "双", "對", "对", "副", "份", "樽",
                        // A service by the hour ("安裝工時 8 小時", "installation 4 hrs"): read as a count
                        // with its unit; a product not sold so gets a unit_mismatch.
                        "小時", "小时", "hours", "hour", "hrs", "hr"]
    static let unitPattern = PatternAlternation.grouped(units)

    static func normalizeUnit(_ unit: String?) -> String? {
        guard let unit = unit?.trimmedSpaces(), !unit.isEmpty else { return nil }
        let lower = unit.lowercased()
        return unitNames[lower] ?? (lower.unicodeScalars.allSatisfy(\.isASCII) ? lower : unit)
    }

    /// The contract's name for each way a unit is written (made once: a dictionary built per
    /// call was most of the cost of reading an item).
    private static let unitNames = ["pieces": "pcs", "piece": "pcs", "pc": "pcs", "boxes": "box", "packs": "pack", "packets": "pack", "packet": "pack",
                                    "bags": "bag", "cans": "can", "cases": "case", "jars": "jar", "tins": "tin", "tubes": "tube", "pairs": "pair", "bundles": "bundle",
                                    "pallets": "pallet", "drums": "drum", "reels": "reel", "spools": "spool", "ea": "pcs",
                                    "reams": "ream", "rolls": "roll", "sets": "set", "cartons": "carton", "ctns": "carton", "ctn": "carton", "units": "pcs", "unit": "pcs",
                                    "bottles": "bottle", "dozens": "dozen", "doz": "dozen", "dz": "dozen", "dzn": "dozen", "rl": "roll", "rls": "roll", "len": "length", "lengths": "length", "lgth": "length", "slv": "sleeve",
                                    "days": "day", "visits": "visit", "trips": "trip", "copies": "copy", "seats": "seat", "licences": "licence", "licenses": "license", "hours": "hour", "hrs": "hour", "hr": "hour", "小時": "hour", "小时": "hour", "鐘頭": "hour", "钟头": "hour", "kgs": "kg", "blocks": "block", "trays": "tray", "tubs": "tub",
                                    "pails": "pail", "buckets": "bucket", "sacks": "sack", "racks": "rack", "sleeves": "sleeve", "loaves": "loaf",
                                    "cartridges": "cartridge", "kits": "kit", "jugs": "jug", "catties": "catty", "lbs": "lb", "taels": "tael", "cakes": "cake", "bunches": "bunch", "heads": "head", "punnets": "punnet",
                                    "metres": "m", "metre": "m", "meters": "m", "meter": "m", "米": "m", "公尺": "m", "yards": "yd", "yard": "yd", "yds": "yd",
                                    "碼": "yd", "码": "yd",
                                    // An ERP's unit column: PR for pairs, PKT for packets, BTL for bottles.
                                    "pr": "pair", "prs": "pair", "pk": "pack", "pkt": "pack", "pkts": "pack", "btl": "bottle", "btls": "bottle", "bx": "box"]

    /// Whether two written units are the same unit (瓶 and bottle, 盒 and box, pcs and 個).
    static func sameUnit(_ a: String?, _ b: String?) -> Bool {
        guard let a = normalizeUnit(a).map(englishUnit), let b = normalizeUnit(b).map(englishUnit) else { return false }
        return a == b || (a.hasPrefix(b) && a.count - b.count <= 2)
    }

    /// Whether a written unit may well be the catalog's, looser than `means`: the same kind of
    /// thing counted (a 箱 of a product sold by the box, a 支 of one sold by the tube). Units of
    /// different kinds (pieces of a part sold by the reel, 公斤 of one sold by the 斤, yards of
    /// fabric sold by the metre) are a mismatch a person checks.
    static func compatible(_ written: String, _ catalogUnit: String) -> Bool {
        if means(written, catalogUnit) { return true }
        let a = unitKinds(written), b = unitKinds(catalogUnit)
        return !a.isDisjoint(with: b)
    }

    /// The kinds of thing a unit counts (see `compatible`).
    private static func unitKinds(_ unit: String) -> Set<Int> {
        let lower = unit.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let names = [lower, normalizeUnit(lower) ?? lower]
        var kinds = Set<Int>()
        for (index, kind) in unitKindTable.enumerated() where names.contains(where: kind.contains) { kinds.insert(index) }
        return kinds
    }
    private static let unitKindTable: [Set<String>] = [
        // A piece of a product sold in single containers or solid units is one of them: "2 pcs" of
        // a bottled reagent, "6 件" of butter by the block, "50 副" of goggles (副 counts glasses).
        ["pcs", "pc", "piece", "ea", "each", "unit", "個", "个", "顆", "颗", "粒", "只", "隻", "支", "枝", "件", "根", "块", "塊", "把", "本", "台", "臺", "頂", "顶", "條", "条", "片", "張", "张",
         "副", "根", "bottle", "jug", "can", "tin", "jar", "tube", "block", "cone", "book", "roll"],
        ["box", "盒", "箱", "case", "carton", "pack", "packet", "包", "set", "套", "組", "组", "kit", "tin", "罐"],
        ["bag", "袋", "pack", "包", "sack"],
        ["tube", "支", "條", "条", "管", "筒"],
        ["bottle", "瓶", "樽", "桶", "支", "jug", "drum", "pail", "bucket", "tub", "tin", "can", "jar", "罐"],
        ["roll", "reel", "卷", "捲", "盤", "盘", "支", "spool"],
        ["斤", "台斤", "catty", "jin"], ["kg", "公斤", "千克"], ["兩", "两", "tael"], ["gross", "籮", "罗", "羅", "箩"], ["cake", "餅", "饼"],
        ["pair", "副", "付", "對", "对", "雙", "双"], ["dozen", "打", "dz"], ["ream", "令"], ["sheet", "張", "张", "片"], ["m", "米", "公尺"], ["yd", "碼", "码"],
    ]

    /// The unit words a product's catalog name gives its unit in brackets: "A4 copy paper, ream
    /// (包) of 500 sheets" is sold by the 包, "box (箱) of 5 reams" by the 箱, "per dozen (打)"
    /// by the 打. The catalog's own word means its unit, whatever it means elsewhere.
    static func namedUnits(of product: Product) -> Set<String> {
        var words = Set<String>()
        guard product.name.contains("(") || product.name.contains("（") else { return words }
        let text = product.name
        var index = text.startIndex
        while let open = text[index...].firstIndex(where: { $0 == "(" || $0 == "（" }) {
            let inside = text[text.index(after: open)...].prefix { $0 != ")" && $0 != "）" }
            let word = inside.trimmingCharacters(in: .whitespaces)
            if (1...2).contains(word.count), word.allSatisfy({ !$0.isASCII }), isKnownUnit(word) { words.insert(word) }
            index = text.index(after: open)
        }
        return words
    }

    /// A unit written with what it holds: "包（每包10套）", "箱(24瓶)", "pkt (10 sets)": the outer
    /// unit, the count inside and the inner unit.
    static func packContent(_ unit: String) -> (outer: String, count: Int, inner: String)? {
        guard let match = RegexCache.regex(#"^\s*([^\s(（\d]{1,6}?)\s*[(（]\s*(?:每\s*[^\s\d]{1,2}\s*)?(\d{1,4})\s*([^\s\d)）/]{1,8}?)\s*(?:裝|装|入|/\s*[^\s)）]{1,6})?\s*[)）]\s*$"#)?
                .firstMatch(in: unit, range: NSRange(unit.startIndex..., in: unit)),
              let outer = Range(match.range(at: 1), in: unit), let count = Range(match.range(at: 2), in: unit), let inner = Range(match.range(at: 3), in: unit),
              let number = Int(unit[count]), number > 1 else { return nil }
        return (String(unit[outer]), number, String(unit[inner]))
    }

    /// Whether the catalog's names say what one unit holds and it is not twelve ("(4-pack)",
    /// "1kg", "(100 pcs)", "50入"): a dozen of it can only be twelve units.
    static func statesOtherContent(_ product: Product) -> Bool {
        guard !holdsADozen(product) else { return false }
        return ([product.name] + product.aliases).contains { text in
            RegexCache.firstRange(#"(?i)\b\d+(?:\.\d+)?\s*(?:kg|g|ml|l|lb|oz)\b|\d+(?:\.\d+)?\s*(?:公斤|千克|克|毫升|公升|升)|\b\d+\s*(?:-?\s*pack|pcs|pieces|sheets|pairs|sets)\b|\d+\s*(?:入|粒|片|張|张|個|个|支|枚|包|袋)\s*(?:裝|装|/|入)?"#, in: text).map { range in
                !text[range].hasPrefix("12")
            } ?? false
        }
    }

    /// Whether a written word means the product's catalog unit for this product: as `means`
    /// does, or as the catalog's own name calls it, or 桶 of a bottle or jug of two litres or more
    /// ("按摩油 5公升 一桶" of a "5 L bottle").
    static func means(_ written: String, unitOf product: Product) -> Bool {
        guard let unit = product.unit else { return false }
        if means(written, unit) || namedUnits(of: product).contains(written) { return true }
        // A Chinese classifier counts single things ("2支" of cling film rolls, "30支" of mounting
        // rails sold by the length, "5條" of cups by the sleeve, "1次" of a site visit): with a
        // catalog unit that is one thing too, the count is of it. Containers (box, case, pack …)
        // and measures (kg, m, hour) may hold or weigh several, and stay as written.
        if Self.singleClassifiers.contains(written), !Self.containerOrMeasureUnits.contains(unit.lowercased()),
           normalizeUnit(unit).map({ !containerOrMeasureUnits.contains($0) }) ?? true {
            return true
        }
        guard written == "桶", ["bottle", "jug", "can"].contains(unit.lowercased()) else { return false }
        let names = product.name + " " + product.aliases.joined(separator: " ")
        guard let range = RegexCache.firstRange(#"(?i)(\d+(?:\.\d+)?)\s*(?:l|litres?|liters?|公升|升)\b|(\d+(?:\.\d+)?)\s*(?:公升|升)"#, in: names) else { return false }
        return (DecimalText.parse(String(names[range].prefix { $0.isNumber || $0 == "." })) ?? 0) >= 2
    }

    static let singleClassifiers: Set<String> = ["支", "枝", "條", "条", "根", "個", "个", "件", "張", "张", "片", "本", "台", "臺", "把", "頂", "顶", "面", "座",
                                                 "隻", "只", "顆", "颗", "粒", "捲", "卷", "次", "趟", "天", "日", "部"]
    static let containerOrMeasureUnits: Set<String> = ["box", "boxes", "case", "cases", "carton", "cartons", "ctn", "pack", "packs", "packet", "bag", "bags", "sack",
                                                       "dozen", "dz", "pallet", "pallets", "crate", "kit", "gross", "ream",
                                                       "kg", "g", "lb", "lbs", "m", "metre", "meter", "yd", "yard", "l", "litre", "liter", "ml", "hour", "hr", "斤", "台斤", "catty", "jin",
                                                       "兩", "两", "tael", "公斤", "米", "公尺", "碼", "码", "箱", "盒", "包", "袋", "打", "令"]

    /// How many of the product's catalog unit one `container` holds, as its catalog name says:
    /// "(6 rolls to a box)", "pallet = 31 pcs", "box of 10", "12 pcs/case", "31片/棧板". Nil when
    /// the name says nothing of that container.
    static func content(of container: String, in product: Product) -> Int? {
        guard let english = normalizeUnit(container).map(englishUnit) ?? countingWordMeanings[container]?.sorted().first else { return nil }
        let words = [english] + (english == "case" ? ["carton", "ctn"] : english == "carton" ? ["case", "ctn"] : english == "pallet" ? ["棧板", "栈板"] : english == "box" ? ["盒", "箱"] : [])
        let alternation = words.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        let patterns = [#"(?i)(\d{1,5})\s*[\p{L}]*\s*(?:to|per|in|/)\s*(?:a|an|one|each)?\s*(?:"# + alternation + #")s?\b"#,
                        #"(?i)\b(?:"# + alternation + #")s?\s*(?:of|=|:)\s*(\d{1,5})"#]
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern),
                  let match = regex.firstMatch(in: product.name, range: NSRange(product.name.startIndex..., in: product.name)),
                  let range = Range(match.range(at: 1), in: product.name), let count = Int(product.name[range]), count > 1 else { continue }
            return count
        }
        return nil
    }

    /// Whether the catalog sells the product by a unit that holds twelve ("box of 12", "12支/盒",
    /// "一打裝"): a dozen written is one of that unit.
    static func holdsADozen(_ product: Product) -> Bool {
        ([product.name] + product.aliases).contains { text in
            RegexCache.firstRange(#"(?i)\b(?:box|pack|packet|set|case|tube|bag) of (?:12|twelve)\b|\b12\s*(?:pcs|pieces|pens)?\s*/\s*(?:box|pack)\b|12\s*(?:支|入|枝|個|个)\s*/?\s*(?:盒|包|裝|装)|一打裝|一打装"#, in: text) != nil
        }
    }

    /// Whether a unit is one of the counting units the readers know (a catalog's "1000 pcs" or
    /// "colour" is none).
    static func isKnownUnit(_ unit: String) -> Bool {
        let lower = unit.lowercased()
        return knownUnits.contains(lower) || countingWordMeanings[lower] != nil
    }
    private static let knownUnits = Set(units.map { $0.lowercased() }).union(unitNames.values).union(["pcs", "pc", "unit", "loaf", "m", "yd"])

    /// Whether a unit written in the message can only mean the catalog's unit for the product:
    /// the same unit (sameUnit), or a Chinese counting word that names it ("30副" of lenses sold
    /// by the pair, "2盤" of a part sold by the reel, "5顆" of one sold by the piece). Words
    /// that may hold several of the catalog's unit (箱 of a product sold by the box, a carton
    /// of boxes) are not the same unit and stay as written.
    static func means(_ written: String, _ catalogUnit: String) -> Bool {
        if sameUnit(written, catalogUnit) { return true }
        guard let catalog = normalizeUnit(catalogUnit).map(englishUnit),
              let meanings = countingWordMeanings[written] ?? countingWordMeanings[written.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))] else { return false }
        return meanings.contains(catalog)
    }

    /// The catalog units a Chinese counting word names, one or several (卷 is a roll of tape
    /// or a reel of parts, 包 a pack or a bag).
    private static let countingWordMeanings: [String: Set<String>] = {
        var meanings: [String: Set<String>] = [:]
        func add(_ words: [String], _ units: Set<String>) { for word in words { meanings[word, default: []].formUnion(units) } }
        add(["副", "付", "對", "对", "雙", "双"], ["pair"])
        add(["盤", "盘"], ["reel", "tray"])
        add(["卷", "捲"], ["roll", "reel"])
        add(["顆", "颗", "粒", "個", "个", "只", "隻", "支", "枝", "件", "條", "条", "把", "本", "頂", "顶", "塊", "块", "面", "座", "根"], ["pcs", "pc", "unit"])
        add(["台", "臺"], ["pcs", "pc", "unit", "set"])
        add(["片", "張", "张"], ["sheet", "pcs", "pc"])
        add(["包"], ["pack", "bag", "packet"])
        add(["袋"], ["bag", "pack", "sack"])
        add(["盒"], ["box"])
        add(["瓶", "樽"], ["bottle"])
        add(["筒", "管"], ["tube"])
        add(["罐"], ["can", "tin", "jar"])
        add(["桶"], ["drum", "pail", "bucket", "tub"])
        add(["套", "組", "组"], ["set", "kit"])
        add(["打"], ["dozen", "dz"])
        add(["令"], ["ream"])
        add(["公斤", "千克"], ["kg"])
        add(["箱"], ["case", "carton"])
        // A unit column in Portuguese, Spanish, French or German (an ERP export from Macau, a
        // buyer in Europe): par, cx (caixa), fr (frasco), un, stk …
        add(["par", "pares", "paar", "paire", "paires"], ["pair"])
        add(["cx", "caixa", "caixas", "caja", "cajas", "boîte", "boîtes", "schachtel"], ["box"])
        add(["fr", "frasco", "frascos", "botella", "botellas", "bouteille", "bouteilles", "flasche", "flaschen"], ["bottle"])
        add(["un", "und", "unid", "unidade", "unidades", "unidad", "pza", "pieza", "piezas", "pièce", "pièces", "stk", "stück"], ["pcs", "pc", "unit"])
        add(["pct", "pacote", "pacotes", "paquete", "paquetes", "paquet", "paquets", "packung"], ["pack", "packet"])
        add(["saco", "sacos", "bolsa", "bolsas", "sac", "sacs", "beutel"], ["bag"])
        return meanings
    }()

    private static func englishUnit(_ unit: String) -> String {
        chineseUnits[unit] ?? unit.lowercased()
    }

    /// Chinese counting units and the catalog unit each most often is.
    static let chineseUnits = ["瓶": "bottle", "盒": "box", "箱": "case", "包": "pack", "袋": "bag", "罐": "can", "桶": "drum", "卷": "roll", "捲": "roll",
                               "支": "pcs", "枝": "pcs", "個": "pcs", "个": "pcs", "件": "pcs", "隻": "pcs", "只": "pcs", "條": "pcs", "条": "pcs", "把": "pcs",
                               "台": "pcs", "雙": "pair", "双": "pair", "打": "dozen", "片": "sheet", "塊": "block", "块": "block", "令": "ream", "套": "set", "組": "set", "组": "set"]

    /// A size written as a measure: "30cm", "38 mm", "500ml", "1L", "5kg", "8吋", "6寸".
    static let measurePattern = #"(?i)(?<![\w.])\d+(?:\.\d+)?\s*(?:cm|mm|ml|l|kg|g|oz|inch|in|吋|寸|公分|毫米|毫升|公升|升|克|公斤)(?![a-z])"#

    /// Units of weight and length, which a product's name carries as its size.
    /// Lengths too: "Type-C 線 2米的 三條" is three 2 m cables, though fabric is counted in them.
    static let measureUnits: Set<String> = ["kg", "kgs", "公斤", "千克", "米", "公尺", "metres", "metre", "meters", "meter", "yards", "yard", "yds", "yd", "碼", "码"]

    /// The units that count dozens ("兩打", "2 dozen"): twelve of the thing each.
    static let dozenUnits: Set<String> = ["打", "dozen", "dozens", "doz", "dz"]
    /// Units of one single thing: a dozen of them is twelve. (A dozen of a product sold by the
    /// box may mean a box of twelve; that is left as written.)
    static let pieceUnits: Set<String> = ["pcs", "pc", "piece", "pieces", "ea", "each", "unit", "units", "支", "枝", "個", "个", "只", "隻", "顆", "颗", "件", "片", "條", "条", "把", "瓶", "罐", "pair", "對", "对", "雙", "双",
                                          "roll", "rolls", "卷", "捲", "bottle", "bottles", "can", "cans", "tube", "tubes", "jar", "頂", "顶", "本", "張", "张", "sheet", "sheets",
                                          "book", "books", "cone", "cones", "block", "blocks"]
}
