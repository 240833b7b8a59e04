/// Leading list markers (`1.`, `2)`, `3、`, `(4)`, `五、`, `-`, `*`, `•`) on a line, without a regular
/// expression: Foundation compiles the pattern on every call, and these run on every line.
enum ListMarker {
    /// The line without its marker and the spaces around it, and whether it had a marker.
    /// `bulletsOnly` ignores numbered markers (`1.`), for lines where a number is a value.
    static func strip(_ text: String, bulletsOnly: Bool = false) -> (text: String, marked: Bool) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        var afterMarker: Int?
        if index < scalars.count, ["-", "*", "•"].contains(scalars[index]) {
            afterMarker = index + 1
        } else if !bulletsOnly, index + 2 < scalars.count, ["(", "（"].contains(scalars[index]),
                  let close = (index + 2...min(index + 3, scalars.count - 1)).first(where: { [")", "）"].contains(scalars[$0]) }),
                  (index + 1..<close).allSatisfy({ ("0"..."9").contains(scalars[$0]) }) {
            // "(2) 羅技 MK295 …", "（3）": a number in brackets opening the line.
            afterMarker = close + 1
        } else if !bulletsOnly, index + 1 < scalars.count, "一二三四五六七八九十".unicodeScalars.contains(scalars[index]), scalars[index + 1] == "、" {
            // "一、品項": a Chinese numeral and 、.
            afterMarker = index + 2
        } else if !bulletsOnly {
            var digits = index
            while digits < scalars.count, digits - index < 3, ("0"..."9").contains(scalars[digits]) { digits += 1 }
            // "1. A4 paper", "2) toner", but not "0.22 micron" or "2.5 kg": a number's point
            // has a digit after it.
            if digits > index, digits - index <= 2, digits < scalars.count, [".", ")", "、"].contains(scalars[digits]),
               !(scalars[digits] == "." && digits + 1 < scalars.count && ("0"..."9").contains(scalars[digits + 1])) {
                afterMarker = digits + 1
            }
        }
        guard var rest = afterMarker else { return (text, false) }
        while rest < scalars.count, scalars[rest] == " " || scalars[rest] == "\t" { rest += 1 }
        let view = text.unicodeScalars
        return (String(view[view.index(view.startIndex, offsetBy: rest)...]), true)
    }
}
