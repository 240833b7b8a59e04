/// The words for the catalog's units in each reply language. An order keeps the catalog's unit
/// (`pair`, `reel`, `box`), whatever counting word the customer wrote (副, 盤, 盒); a reply in
/// Chinese words it back in Chinese ("30 副"), not in the catalog's English.
public enum UnitLabels {
    public static func label(_ unit: String, language: String) -> String {
        let lower = language.lowercased()
        guard lower.hasPrefix("zh"), let words = table[unit.lowercased()] else { return unit }
        return lower.contains("cn") || lower.contains("hans") || lower.contains("sg") ? words.cn : words.tw
    }

    /// Units as catalogs write them (singular, and the usual abbreviations), and their Traditional
    /// and Simplified Chinese counting words.
    private static let table: [String: (tw: String, cn: String)] = [
        "pcs": ("個", "个"), "pc": ("個", "个"), "piece": ("個", "个"), "ea": ("個", "个"), "unit": ("個", "个"),
        "pair": ("副", "副"), "box": ("盒", "盒"), "bottle": ("瓶", "瓶"), "pack": ("包", "包"), "packet": ("包", "包"),
        "bag": ("袋", "袋"), "sack": ("袋", "袋"), "roll": ("卷", "卷"), "reel": ("盤", "盘"), "tray": ("盤", "盘"),
        "set": ("套", "套"), "kit": ("組", "组"), "case": ("箱", "箱"), "carton": ("箱", "箱"), "kg": ("公斤", "公斤"),
        "m": ("公尺", "米"), "can": ("罐", "罐"), "tin": ("罐", "罐"), "jar": ("罐", "罐"), "tube": ("支", "支"),
        "drum": ("桶", "桶"), "pail": ("桶", "桶"), "bucket": ("桶", "桶"), "tub": ("桶", "桶"), "sheet": ("張", "张"),
        "dozen": ("打", "打"), "dz": ("打", "打"), "ream": ("令", "令"), "block": ("塊", "块"), "bundle": ("捆", "捆"),
        "catty": ("斤", "斤"),
    ]
}
