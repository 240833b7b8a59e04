/// Chooses between charsets that all decode a text without error — GBK bytes also decode as
/// Big5, and Big5 bytes as GB18030 — by how plausible the result reads: frequent Chinese
/// characters (in either script) and order vocabulary score, rare ideographs, private-use
/// characters and stray controls cost.
public enum CharsetDetector {
    /// Frequent characters of written Chinese in both scripts, plus the words of order mail.
    static let common: Set<Unicode.Scalar> = Set("""
        的一是不了人我在有他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制身果加西斯月话話合回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司五基眼书書非则則听聽白却界达達光放强強即像难難且权權思王象完设設式色路记記南品住告类類求据據程北边邊死张張该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶导導争爭运運笑飞飛风風步改收根干千早
        訂订購购單单價价貨货箱盒支張张瓶包本送寄收址台北市區区路號号樓楼省縣县鄉乡鎮镇付款匯汇轉转帳账銀银行現现金期週周希到謝谢請请您好敬上司紙纸筆笔夾夹膠胶帶带標标籤签藍蓝色黑紅红釘钉書书記记影印複复碳粉匣硒鼓信封透明卷捲個个件套組组片打令捆袋罐桶桌椅櫃柜燈灯電电話话傳传真聯联絡络人員员採采務务謹谨啟启
        """.unicodeScalars.filter { $0.value > 0x2E80 })

    /// A plausibility score: higher reads more like real text.
    public static func score(_ text: String) -> Int {
        var score = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x20...0x7E, 0x0A, 0x09: continue
            case 0x3000...0x303F, 0xFF00...0xFFEF: score += 1  // CJK and full-width punctuation
            case 0x4E00...0x9FFF: score += common.contains(scalar) ? 3 : -1
            case 0x3040...0x30FF: score += 1  // kana
            case 0xAC00...0xD7A3: score += 1  // Hangul
            case 0xE000...0xF8FF, 0xF900...0xFAFF, 0x3400...0x4DBF, 0x20000...0x2FFFF: score -= 4  // private use, compatibility, rare extensions
            case 0x00...0x1F, 0x7F...0x9F: score -= 5
            default: continue
            }
        }
        return score
    }

    /// The best-reading decoding among `candidates` (iconv names or labels), or nil when none
    /// decodes without error. Ties keep the earlier candidate, so order expresses preference.
    public static func best<Bytes: Collection<UInt8>>(_ bytes: Bytes, candidates: [String]) -> (charset: String, text: String)? {
        var winner: (charset: String, text: String, score: Int)?
        for candidate in candidates {
            guard let text = Charset.decode(bytes, charset: candidate) else { continue }
            let value = score(text)
            if let current = winner, value <= current.score { continue }
            winner = (candidate, text, value)
        }
        return winner.map { ($0.charset, $0.text) }
    }
}
