//! The fictional shop: its products, its customers' names and where they live.
//!
//! Every string here must be encodable in Shift_JIS (CP932), because three of the carts write it; a test
//! checks that. Two product names carry an ASCII comma and a double quote on purpose, so the CSV quoting of
//! every format is exercised.

/// A product of the catalogue.
pub(crate) struct Product {
    /// The shop's product code (SKU).
    pub code: &'static str,
    /// The name shown on the order.
    pub name: &'static str,
    /// Unit price in yen, tax included.
    pub price: i64,
    /// Consumption tax rate in percent (8 for food and drink, 10 otherwise).
    pub tax: i64,
    /// Relative popularity among one-off purchases.
    pub weight: u32,
    /// Multiplier on the customer's drop-out probability when this was in the first order (below 1: the
    /// product makes people come back).
    pub stickiness: f64,
    /// A 定期便 (subscription) product.
    pub subscription: bool,
}

const fn p(
    code: &'static str,
    name: &'static str,
    price: i64,
    tax: i64,
    weight: u32,
    stickiness: f64,
) -> Product {
    Product {
        code,
        name,
        price,
        tax,
        weight,
        stickiness,
        subscription: false,
    }
}

const fn sub(code: &'static str, name: &'static str, price: i64, tax: i64, weight: u32) -> Product {
    Product {
        code,
        name,
        price,
        tax,
        weight,
        stickiness: 1.0,
        subscription: true,
    }
}

/// The catalogue. Indices are stable: the product id columns use `index + 1`.
pub(crate) static PRODUCTS: [Product; 40] = [
    p("TEA-001", "有機ほうじ茶 100g", 1280, 8, 120, 0.85),
    p("TEA-002", "有機煎茶 100g", 1480, 8, 100, 0.85),
    p("TEA-003", "宇治抹茶 30g", 1980, 8, 60, 0.9),
    p("TEA-004", "玄米茶 200g", 980, 8, 70, 0.9),
    p("TEA-005", "和紅茶 ティーバッグ 20袋", 1080, 8, 60, 0.95),
    p("TEA-006", "水出し緑茶 ティーバッグ 30袋", 1380, 8, 55, 0.95),
    p(
        "COF-001",
        "ドリップバッグ \"朝の一杯\" 10袋",
        1200,
        8,
        50,
        0.95,
    ),
    p("COF-002", "ドリップコーヒー 深煎り 10袋", 1280, 8, 45, 0.95),
    p("FOD-001", "国産はちみつ 500g", 2480, 8, 80, 0.9),
    p("FOD-002", "国産はちみつ 250g", 1380, 8, 70, 0.95),
    p("FOD-003", "天然醸造 有機味噌 750g", 1180, 8, 50, 0.9),
    p("FOD-004", "天然醸造醤油 500ml", 980, 8, 45, 0.9),
    p("FOD-005", "かつお昆布だしパック 8g×20袋", 1620, 8, 65, 0.85),
    p("FOD-006", "十六穀米 500g", 1280, 8, 35, 1.0),
    p("FOD-007", "国産ドライみかん 40g", 650, 8, 40, 1.05),
    p("FOD-008", "手焼きせんべい 詰め合わせ", 1580, 8, 35, 1.1),
    p("FOD-009", "黒糖かりんとう 150g", 540, 8, 45, 1.05),
    p("FOD-010", "国産りんごジュース 1L", 860, 8, 40, 1.0),
    p("FOD-011", "紀州南高梅 梅干し 300g", 1980, 8, 40, 0.9),
    p("FOD-012", "国産米粉 1kg", 780, 8, 20, 1.0),
    p("COS-001", "オーガニック化粧水 150ml", 3300, 10, 70, 0.85),
    p("COS-002", "オーガニック乳液 120ml", 3520, 10, 45, 0.85),
    p("COS-003", "米ぬか洗顔石けん 80g", 1650, 10, 50, 0.9),
    p("COS-004", "ハンドクリーム ゆず 50g", 1320, 10, 45, 1.05),
    p("COS-005", "無添加シャンプー 400ml", 2200, 10, 35, 0.95),
    p("COS-006", "リップバーム 10g", 990, 10, 30, 1.05),
    p("COS-007", "椿の美容オイル 30ml", 4180, 10, 25, 0.9),
    p("COS-008", "ひのきの入浴剤 6包", 1100, 10, 30, 1.05),
    p(
        "GDS-001",
        "今治タオル フェイスタオル 2枚組",
        2420,
        10,
        30,
        1.15,
    ),
    p("GDS-002", "竹の箸 5膳セット", 1650, 10, 20, 1.2),
    p("GDS-003", "波佐見焼 マグカップ", 2750, 10, 25, 1.2),
    p("GDS-004", "常滑焼 急須 300ml", 4400, 10, 15, 1.2),
    p("GDS-005", "手ぬぐい 富士山", 1100, 10, 20, 1.15),
    p("GDS-006", "ギフトボックス 小", 330, 10, 30, 1.0),
    p(
        "GFT-001",
        "ギフトセット（緑茶, ほうじ茶）",
        3980,
        8,
        35,
        1.25,
    ),
    p("GFT-002", "お試しセット 5種", 1000, 8, 60, 1.1),
    sub("SUB-TEA-01", "【定期便】有機ほうじ茶 100g×2", 2380, 8, 40),
    sub(
        "SUB-COS-01",
        "【定期便】オーガニック化粧水 150ml",
        2970,
        10,
        35,
    ),
    sub("SUB-FOD-01", "【定期便】国産はちみつ 500g", 2230, 8, 15),
    sub("SUB-COF-01", "【定期便】ドリップコーヒー 20袋", 2480, 8, 10),
];

/// Shipping charged below the free-shipping threshold, in yen.
pub(crate) const SHIPPING_FEE: i64 = 550;
/// Orders whose merchandise total is over this ship free.
pub(crate) const FREE_SHIPPING_OVER: i64 = 5000;

/// A family name (姓) with its katakana reading and a romanisation for e-mail addresses.
pub(crate) struct Family {
    pub kanji: &'static str,
    pub kana: &'static str,
    pub romaji: &'static str,
}

/// A given name (名): kanji, katakana reading, romanisation, and whether it is a woman's name.
pub(crate) struct Given {
    pub kanji: &'static str,
    pub kana: &'static str,
    pub romaji: &'static str,
    pub female: bool,
}

const fn f(kanji: &'static str, kana: &'static str, romaji: &'static str) -> Family {
    Family {
        kanji,
        kana,
        romaji,
    }
}

const fn g(kanji: &'static str, kana: &'static str, romaji: &'static str, female: bool) -> Given {
    Given {
        kanji,
        kana,
        romaji,
        female,
    }
}

/// Common family names.
pub(crate) static FAMILIES: [Family; 36] = [
    f("佐藤", "サトウ", "sato"),
    f("鈴木", "スズキ", "suzuki"),
    f("高橋", "タカハシ", "takahashi"),
    f("田中", "タナカ", "tanaka"),
    f("伊藤", "イトウ", "ito"),
    f("渡辺", "ワタナベ", "watanabe"),
    f("山本", "ヤマモト", "yamamoto"),
    f("中村", "ナカムラ", "nakamura"),
    f("小林", "コバヤシ", "kobayashi"),
    f("加藤", "カトウ", "kato"),
    f("吉田", "ヨシダ", "yoshida"),
    f("山田", "ヤマダ", "yamada"),
    f("佐々木", "ササキ", "sasaki"),
    f("山口", "ヤマグチ", "yamaguchi"),
    f("松本", "マツモト", "matsumoto"),
    f("井上", "イノウエ", "inoue"),
    f("木村", "キムラ", "kimura"),
    f("林", "ハヤシ", "hayashi"),
    f("斎藤", "サイトウ", "saito"),
    f("清水", "シミズ", "shimizu"),
    f("山崎", "ヤマザキ", "yamazaki"),
    f("森", "モリ", "mori"),
    f("池田", "イケダ", "ikeda"),
    f("橋本", "ハシモト", "hashimoto"),
    f("阿部", "アベ", "abe"),
    f("石川", "イシカワ", "ishikawa"),
    f("山下", "ヤマシタ", "yamashita"),
    f("中島", "ナカジマ", "nakajima"),
    f("石井", "イシイ", "ishii"),
    f("小川", "オガワ", "ogawa"),
    f("前田", "マエダ", "maeda"),
    f("岡田", "オカダ", "okada"),
    f("長谷川", "ハセガワ", "hasegawa"),
    f("藤田", "フジタ", "fujita"),
    f("後藤", "ゴトウ", "goto"),
    f("近藤", "コンドウ", "kondo"),
];

/// Common given names; the shop's customers are about two-thirds women.
pub(crate) static GIVENS: [Given; 36] = [
    g("陽翔", "ハルト", "haruto", false),
    g("蓮", "レン", "ren", false),
    g("大翔", "ヒロト", "hiroto", false),
    g("湊", "ミナト", "minato", false),
    g("健太", "ケンタ", "kenta", false),
    g("翔太", "ショウタ", "shota", false),
    g("大輔", "ダイスケ", "daisuke", false),
    g("拓也", "タクヤ", "takuya", false),
    g("誠", "マコト", "makoto", false),
    g("浩二", "コウジ", "koji", false),
    g("直樹", "ナオキ", "naoki", false),
    g("隆", "タカシ", "takashi", false),
    g("陽葵", "ヒマリ", "himari", true),
    g("結衣", "ユイ", "yui", true),
    g("美咲", "ミサキ", "misaki", true),
    g("さくら", "サクラ", "sakura", true),
    g("花子", "ハナコ", "hanako", true),
    g("陽子", "ヨウコ", "yoko", true),
    g("恵子", "ケイコ", "keiko", true),
    g("由美", "ユミ", "yumi", true),
    g("真由美", "マユミ", "mayumi", true),
    g("愛", "アイ", "ai", true),
    g("舞", "マイ", "mai", true),
    g("彩", "アヤ", "aya", true),
    g("葵", "アオイ", "aoi", true),
    g("結菜", "ユイナ", "yuina", true),
    g("優子", "ユウコ", "yuko", true),
    g("明美", "アケミ", "akemi", true),
    g("智子", "トモコ", "tomoko", true),
    g("千尋", "チヒロ", "chihiro", true),
    g("麻衣", "マイ", "mai", true),
    g("裕子", "ユウコ", "yuko", true),
    g("香織", "カオリ", "kaori", true),
    g("奈々", "ナナ", "nana", true),
    g("美穂", "ミホ", "miho", true),
    g("理恵", "リエ", "rie", true),
];

/// A place customers live: prefecture (JIS code and name), a city and the first three postcode digits.
pub(crate) struct Place {
    pub pref_id: u8,
    pub pref: &'static str,
    pub city: &'static str,
    pub zip3: &'static str,
    pub weight: u32,
}

const fn pl(
    pref_id: u8,
    pref: &'static str,
    city: &'static str,
    zip3: &'static str,
    weight: u32,
) -> Place {
    Place {
        pref_id,
        pref,
        city,
        zip3,
        weight,
    }
}

/// Where the customers live, weighted roughly by population.
pub(crate) static PLACES: [Place; 20] = [
    pl(1, "北海道", "札幌市中央区", "060", 4),
    pl(4, "宮城県", "仙台市青葉区", "980", 2),
    pl(11, "埼玉県", "さいたま市浦和区", "330", 6),
    pl(12, "千葉県", "船橋市", "273", 5),
    pl(13, "東京都", "世田谷区", "154", 6),
    pl(13, "東京都", "杉並区", "166", 4),
    pl(13, "東京都", "練馬区", "176", 4),
    pl(14, "神奈川県", "横浜市港北区", "222", 5),
    pl(14, "神奈川県", "川崎市中原区", "211", 3),
    pl(15, "新潟県", "新潟市中央区", "951", 2),
    pl(20, "長野県", "松本市", "390", 2),
    pl(22, "静岡県", "静岡市葵区", "420", 3),
    pl(23, "愛知県", "名古屋市千種区", "464", 6),
    pl(26, "京都府", "京都市左京区", "606", 2),
    pl(27, "大阪府", "大阪市北区", "530", 4),
    pl(27, "大阪府", "豊中市", "560", 3),
    pl(28, "兵庫県", "神戸市東灘区", "658", 4),
    pl(34, "広島県", "広島市中区", "730", 2),
    pl(40, "福岡県", "福岡市中央区", "810", 4),
    pl(47, "沖縄県", "那覇市", "900", 1),
];

/// Town names appended to the city.
pub(crate) static TOWNS: [&str; 12] = [
    "本町",
    "中央",
    "栄町",
    "緑町",
    "東町",
    "旭町",
    "若葉",
    "松原",
    "桜台",
    "大手町",
    "青葉台",
    "南町",
];

/// Building names for the second address line (some customers live in houses and have none).
pub(crate) static BUILDINGS: [&str; 6] = [
    "コーポ桜",
    "メゾン若葉",
    "グランハイツ",
    "サンライズマンション",
    "パークサイド",
    "レジデンス緑",
];

/// E-mail domains; reserved example domains, so no real mailbox is ever named.
pub(crate) static DOMAINS: [&str; 6] = [
    "example.com",
    "example.net",
    "example.org",
    "example.jp",
    "example.ne.jp",
    "example.co.jp",
];

/// Acquisition channels (ecforce's 広告URLグループ名) with their landing-page slug and advertiser.
pub(crate) static CHANNELS: [(&str, &str, &str); 5] = [
    ("Instagram広告", "ig", "自社運用"),
    ("Google検索広告", "gs", "自社運用"),
    ("LINE広告", "line", "代理店A"),
    ("アフィリエイト", "af", "代理店B"),
    ("自然流入", "organic", "なし"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_string_is_shift_jis_encodable() {
        let mut all: Vec<&str> = Vec::new();
        for p in &PRODUCTS {
            all.extend([p.code, p.name]);
        }
        for n in &FAMILIES {
            all.extend([n.kanji, n.kana]);
        }
        for n in &GIVENS {
            all.extend([n.kanji, n.kana]);
        }
        for pl in &PLACES {
            all.extend([pl.pref, pl.city]);
        }
        all.extend(TOWNS);
        all.extend(BUILDINGS);
        for c in &CHANNELS {
            all.extend([c.0, c.2]);
        }
        for s in all {
            let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
            assert!(!unmappable, "{s} is not Shift_JIS");
        }
    }

    #[test]
    fn product_codes_are_unique_and_some_are_subscriptions() {
        let mut codes: Vec<&str> = PRODUCTS.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PRODUCTS.len());
        assert!(PRODUCTS.iter().filter(|p| p.subscription).count() >= 3);
        assert!(PRODUCTS
            .iter()
            .filter(|p| p.subscription)
            .all(|p| p.name.starts_with("【定期便】")));
    }
}
