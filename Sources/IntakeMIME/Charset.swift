import Glibc
import Foundation

/// Text decoding for every charset customers write in, through glibc `iconv`.
///
/// Foundation on Linux lacks most CJK encodings, so this goes to iconv directly. Names pass
/// through an alias table first, because mailers write `x-gbk`, `big-5` or `gb2312` and mean the
/// larger Windows repertoires (GB2312 is decoded as GB18030, a superset).
public enum Charset {
    /// Canonical iconv names for the labels mailers use.
    static let aliases: [String: String] = [
        "utf8": "UTF-8", "utf-8": "UTF-8", "us-ascii": "UTF-8", "ascii": "UTF-8", "ansi_x3.4-1968": "UTF-8",
        "gb2312": "GB18030", "gb_2312-80": "GB18030", "x-gbk": "GB18030", "gbk": "GB18030", "cp936": "GB18030",
        "ms936": "GB18030", "windows-936": "GB18030", "gb18030": "GB18030", "euc-cn": "GB18030", "x-euc-cn": "GB18030",
        "big5": "BIG5", "big-5": "BIG5", "x-big5": "BIG5", "cn-big5": "BIG5", "cp950": "CP950", "big5-hkscs": "BIG5-HKSCS",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932", "ms_kanji": "CP932", "cp932": "CP932",
        "windows-31j": "CP932", "euc-jp": "EUC-JP", "iso-2022-jp": "ISO-2022-JP", "euc-kr": "EUC-KR", "ks_c_5601-1987": "CP949",
        "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "latin1": "ISO-8859-1", "utf-16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
    ]

    /// The iconv name for a label, or the label itself upper-cased (iconv knows ISO-8859-*, windows-125*).
    public static func canonicalName(_ label: String) -> String {
        let key = String(label.unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\"" && $0 != "'" && $0 != "\r" && $0 != "\n" }).lowercased()
        if let alias = aliases[key] { return alias }
        if key.hasPrefix("cp125") { return "WINDOWS-" + key.dropFirst(2) }
        return key.uppercased()
    }

    /// True when iconv can decode the label.
    public static func isKnown(_ label: String) -> Bool {
        let name = canonicalName(label)
        if name == "UTF-8" { return true }
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return false }
        iconv_close(descriptor)
        return true
    }

    /// Decodes bytes strictly: nil when the charset is unknown or a byte sequence is invalid in it,
    /// so that callers can try another charset and record the defect.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset label: String) -> String? {
        let name = canonicalName(label)
        if name == "UTF-8" {
            return strictUTF8(bytes)
        }
        if bytes.allSatisfy({ $0 < 0x80 }) && !name.hasPrefix("UTF-16") && name != "ISO-2022-JP" {
            return String(decoding: bytes, as: UTF8.self)
        }
        return iconvDecode(Array(bytes), from: name)
    }

    /// Decodes text whose charset is not declared (drop-folder files, attachments without a
    /// label): the preferred charset if any, then UTF-8, then of the fallbacks that decode the
    /// one that reads most like Chinese; nil when none fits.
    public static func decodeFirstFitting<Bytes: Collection<UInt8>>(_ bytes: Bytes, preferred: String? = nil, fallbacks: [String]) -> String? {
        for label in [preferred, "UTF-8"].compactMap({ $0 }) {
            if let text = decode(bytes, charset: label) { return text }
        }
        // Big5 and GBK share most of their byte ranges: GBK text often decodes as Big5 without an
        // error, into characters nobody writes ("等擂晤瘍" for "单据编号"). Of the fallbacks that
        // decode, the one whose text is most made of common Chinese characters wins; ties keep
        // the configured order.
        var best: (text: String, score: Int)?
        for label in fallbacks {
            guard let text = decode(bytes, charset: label) else { continue }
            let score = commonCharacterScore(text)
            if score > (best?.score ?? -1) { best = (text, score) }
        }
        return best?.text
    }

    /// How many of a text's Han characters are among the most common of written Chinese (in
    /// either script) and of orders, less those that are not: a misdecoded text is made of rare ones.
    static func commonCharacterScore(_ text: String) -> Int {
        var score = 0
        for scalar in text.unicodeScalars where (0x4E00...0x9FFF).contains(scalar.value) {
            score += commonHan.contains(scalar) ? 1 : -1
        }
        return score
    }

    /// Frequent characters of Traditional and Simplified Chinese and of order mail.
    private static let commonHan = Set(("的一是不了人我在有他這这个個们們中來来上大為为和國国地到以說说時时要就出會会可也你對对生能而子那得於于着著下自之年過过发發後后作里裡用道行所然家種种事成方多經经么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心本前开開但因只从從想实實日者意无無力与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重并並物手应應向头頭文体體相见見被利什二等产產或新己制身果加月话話合回特代内內信表化老给給世位次度门門任常先海通教原东東声聲提立及比员員解水名真论論处處走各入几幾口认認条條平系气氣题題活更别別打女变變四总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直资資山金指许許统統区區保至形社便空决決展马馬科司五基书書非则則听聽白却卻界达達光放强強即像难難且权權思王象完设設式色路记記南品住告类類求据據程北边邊该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶导導运運收根造言联聯持组組每济濟车車亲親极極林服快办辦议議往元英士证證近失转轉令准布始存未远遠叫台单單具罗羅字爱愛流备備连連调調深商算质質团團集百需价價花华華城石级級整府离離况況请請技际際约約示复復病息究线線似火断斷精满滿支视視消越器容照须須九增研写寫称稱企八功吗嗎包片史委查轻輕易早曾除农農找装裝广廣显顯李标標谈談吃图圖念六引历歷首医醫局突专專费費号號尽盡另周较較注语語仅僅考落青随隨选選列红紅响響虽雖推势勢参參希古众眾构構房半节節土投某案黑维維致陈陳律足态態护護七兴興派验驗责責营營星够夠章音跟志底站严嚴例防族供效续續施留讲講型料终終答紧緊黄黃绝絕察母京段依批群项項故按河米围圍江织織害双雙境客纪紀采採举舉父密低朝友诉訴止细細愿願千值仍男钱錢破网網热熱助育属屬坐限船职職速刻乐樂否刚剛毛状狀率甚独獨球般普怕校苦创創假久错錯承印晚试試股拿预預谁誰益阳陽若哪微送急血素药藥适適波夜省初喜源食险險待述陆陸习習置居劳勞财財环環排福纳納欢歡获獲模充负負停木龙龍树樹层層冷洲略范範竟句室异異激村策演简簡卡判担擔州静靜退既衣您宗积積余餘检檢差富配修皮降阶階审審善读讀超免压壓银銀买買养養副乱亂抗追帮幫宣岁歲航优優香田铁鐵控税稅左右份穿背草概块塊敢守酒托央户戶烈洋哥索款靠评評版宝寶座释釋景顾顧弟登货貨互付伯慢换換闻聞危忙核暗姐介坏壞讨討良序升监監临臨亮露永呼味野架域沙掉括鱼魚杂雜误誤湾灣吉减減编編楚肯测測败敗屋跑散温溫困渐漸封救贵貴缺楼樓县縣尚毫移朋画畫班智亦耳短掌固席松谢謝遇康幸均销銷钟鐘藏赶趕票损損忽巨端探湖录錄叶葉春乡鄉附吸予礼禮港雨板庭归歸饭飯额額含顺順输輸招脱脫补補督毒油疗療旅材灭滅笔筆鲜鮮词詞择擇寻尋厂廠博烟煙授岸健堂旁宫宮喝借君禁园園避抓荣榮束跳顶頂玉镇鎮雪午练練肉馆館遍凡础礎洞卷牛宁寧纸紙诸諸训訓私庄莊祖丝絲翻森塔握熟骨访訪弱歌店典欲伙盘盤扩擴盖蓋弄稳穩忘刺拥擁套贸貿毕畢唯谷轮輪库庫尤街促延震甲伟偉麻申缓緩售灯燈针針络絡抵抱植纯純夏页頁筑築折郑鄭尊吴吳秀混雅振染盛舞圆圓措姓残殘秋培诚誠宽寬猛摆擺梅伸盟末悲拍丁赵趙仪儀订訂购購箱盒瓶罐袋支张張元圆仓倉址址址收件寄送贵貴司谢謝请請麻烦煩您好敬啟此致邮郵电電话話传傳真户戶帐帳付款汇匯转轉账賬月结結发發票税稅含价價格单單据據数數量规規格型号號编編码碼名称稱计計合总總金额額币幣种種交期到货貨日期地址收货貨人联聯系繫备備注註").unicodeScalars)

    /// UTF-8 validation without replacement characters (the standard library's validating
    /// initialiser, which is vectorised; a scalar-by-scalar loop was a third of parse time).
    public static func strictUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    private static func iconvDecode(_ input: [UInt8], from name: String) -> String? {
        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var input = input
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                if inLeft > 0 {
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 { return nil }
                }
                // Flush shift state (ISO-2022-JP ends in an escape back to ASCII).
                if iconv(descriptor, nil, nil, &outPointer, &outLeft) == -1 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        // iconv produced UTF-8 itself; no need to validate it again.
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}

extension Charset {
    /// Encodes text into a legacy charset through iconv; for building test messages.
    public static func encodeForTests(_ text: String, charset: String) -> [UInt8]? {
        let descriptor = iconv_open(canonicalName(charset), "UTF-8")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1,
                      iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        return produced.map { Array(output[0..<$0]) }
    }
}
