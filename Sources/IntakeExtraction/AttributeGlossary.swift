import Foundation

/// Words that describe a product (state, material, colour, finish, packing) in Chinese, with
/// the English words a catalog writes for them. A catalog often names its products in English
/// and gives a few Chinese aliases; a customer's "冷凍蝦仁 21/25" or "甲油胶 R01 经典红" then holds
/// words no alias has, though the English name says them ("Frozen", "Classic Red"). The
/// glossary lets such a word count as named; a word whose English the name lacks still does not.
enum AttributeGlossary {
    /// Simplified forms; the written text is compared in simplified form too.
    static let words: [String: [String]] = [
        "冷冻": ["frozen"], "冰鲜": ["chilled"], "一次性": ["disposable"], "长效": ["long life", "long-life", "longlife"],
        "经典": ["classic"], "快凝": ["fast set", "fast-set", "fast"], "单层": ["single ply", "single-ply", "1-ply"], "双层": ["2-ply", "double"],
        "雾面": ["matte", "coated", "frosted"], "磨砂": ["frosted", "matte"], "亮面": ["gloss", "glossy"], "胡桃木": ["hickory", "walnut"], "胡桃": ["hickory", "walnut"],
        "白底黑字": ["black on white"], "黑底白字": ["white on black"], "单色": ["1 colour", "1-colour", "one colour", "1 color", "1-color", "single colour", "single color"],
        "双色": ["2 colour", "2-colour", "two colour", "2 color"], "布草袋": ["linen bag"], "布草": ["linen"], "针头": ["needle"], "附": ["with"],
        "裸色": ["nude"], "红": ["red"], "黑": ["black"], "白": ["white"], "蓝": ["blue"], "绿": ["green"], "黄": ["yellow"], "灰": ["grey", "gray"],
        "粉红": ["pink"], "紫": ["purple"], "橙": ["orange"], "棕": ["brown"], "金": ["gold"], "银": ["silver"], "透明": ["clear", "transparent"],
        "不锈钢": ["stainless"], "无粉": ["powder-free", "powder free"], "灭菌": ["sterile"], "无菌": ["sterile"], "防滑": ["anti-slip", "non-slip", "slip"],
        "钢头": ["steel toe"], "新西兰": ["new zealand", "nz"], "纽西兰": ["new zealand", "nz"], "有机": ["organic"], "无糖": ["sugar-free", "sugar free"],
        "防护": ["protective", "shield"], "金刚砂": ["diamond"], "可重复": ["reusable"], "加厚": ["heavy duty", "thick"], "防水": ["waterproof"],
        "充电": ["rechargeable"], "无线": ["wireless"], "有线": ["wired"], "木": ["wood", "wooden"], "塑料": ["plastic"], "塑胶": ["plastic"], "铝": ["aluminium", "aluminum"],
    ]

    /// The Han characters of the glossary words the text writes whose English the product's
    /// names have (lower-cased, joined).
    static func namedCharacters(in written: String, names: String) -> Set<Character> {
        let simplified = String(TextNormalizer.lowercased(TextNormalizer.normalize(written)).map(TextNormalizer.simplified))
        var characters = Set<Character>()
        for (word, english) in words where simplified.hasSubstring(word) && english.contains(where: { names.hasSubstring($0) }) {
            characters.formUnion(word)
        }
        return characters
    }
}
