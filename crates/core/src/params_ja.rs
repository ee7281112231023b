//! Why a parameter was refused, in Japanese: the [`Words`] of [`ParamError`] and [`DayError`].

use crate::date::DayError;
use crate::params::ParamError;
use crate::words::Words;

impl Words for DayError {
    fn ja(&self) -> String {
        match self.four_digit_year {
            true => format!("「{}」は YYYY-MM-DD の形の日付ではありません", self.text),
            false => format!(
                "「{}」は YYYY-MM-DD の形の日付ではありません（年は4桁で書いてください）",
                self.text
            ),
        }
    }
}

impl Words for ParamError {
    fn ja(&self) -> String {
        use ParamError::*;
        match self {
            Scoring { text } => format!(
                "「{text}」は quantile（分位）でも、1,2,3,5 のような昇順の4つの整数でもありません"
            ),
            MonetaryBasis { text } => {
                format!("「{text}」は total（合計）でも average（平均）でもありません")
            }
            Granularity { text } => format!("「{text}」は month（月）でも week（週）でもありません"),
            TimeUnit { text } => format!("「{text}」は day、week、month のどれでもありません"),
            Model { text } => {
                format!("「{text}」は bg-nbd、mbg-nbd、pareto-nbd のどれでもありません")
            }
            DayList { text } => {
                format!("「{text}」は 30,60,90 のような日数（整数）の並びではありません")
            }
            TenureDays { text } => {
                format!("「{text}」は 90,210 のような昇順の2つの日数（整数）ではありません")
            }
            Date(e) => e.ja(),
            Share { text } if text.trim().ends_with('%') => format!(
                "「{text}」は0から1の数ではありません。行の割合で書いてください（5%なら 0.05）"
            ),
            Share { text } => format!(
                "「{text}」は0から1の数ではありません（行の割合。5%なら 0.05）"
            ),
            Field { name, fields } => {
                format!("「{name}」という項目はありません。項目：{}", fields.join(", "))
            }
            OutEncoding { text } => format!("「{text}」は utf-8 でも shift-jis でもありません"),
            Layout { text } => {
                format!("「{text}」は fields、email-list、phone-list のどれでもありません")
            }
            PhoneForm { text } => format!("「{text}」は national でも e164 でもありません"),
            Unmappable { text } => {
                format!("「{text}」は refuse、geta、question のどれでもありません")
            }
            Starter { id, ids } => format!(
                "「{id}」というおすすめセグメントはありません。次のどれかです：{}",
                ids.join(", ")
            ),
            TooSmall { param, value, min } => {
                format!("{param} が {value} です。{min} 以上にしてください")
            }
            TooLarge { param, value, max } => {
                format!("{param} が {value} です。{max} 以下にしてください")
            }
            NotPositive { param, value } => {
                format!("{param} が {value} です。0より大きくしてください")
            }
            NotANumber { param } => format!("{param} は数値にしてください"),
            NotAscending { param, values } => {
                let values: Vec<String> = values.iter().map(i64::to_string).collect();
                format!("{param} は昇順にしてください（{} ではなく）", values.join(","))
            }
            NoDays { param } => format!("{param} には日数が1つ以上必要です"),
            EmptyWord { param } => format!("{param} に空の語があります"),
            HoldoutNotAfterCalibration {
                calibration_end,
                holdout_end,
            } => format!(
                "検証期間の終わり {holdout_end} は、学習期間の終わり {calibration_end} より後にしてください"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::every_kind;
    use crate::words::has_english_sentence;

    /// The Japanese of each error of `every_kind`, in its order.
    const JAPANESE: &[&str] = &[
        "「1,2」は quantile（分位）でも、1,2,3,5 のような昇順の4つの整数でもありません",
        "「mean」は total（合計）でも average（平均）でもありません",
        "「year」は month（月）でも week（週）でもありません",
        "「year」は day、week、month のどれでもありません",
        "「nbd」は bg-nbd、mbg-nbd、pareto-nbd のどれでもありません",
        "「30,x」は 30,60,90 のような日数（整数）の並びではありません",
        "「90」は 90,210 のような昇順の2つの日数（整数）ではありません",
        "「24-01-05」は YYYY-MM-DD の形の日付ではありません（年は4桁で書いてください）",
        "「5%」は0から1の数ではありません。行の割合で書いてください（5%なら 0.05）",
        "「1.5」は0から1の数ではありません（行の割合。5%なら 0.05）",
        "「nope」という項目はありません。項目：customer, email",
        "「latin1」は utf-8 でも shift-jis でもありません",
        "「csv」は fields、email-list、phone-list のどれでもありません",
        "「intl」は national でも e164 でもありません",
        "「drop」は refuse、geta、question のどれでもありません",
        "「vip」というおすすめセグメントはありません。次のどれかです：win_back, vip_thanks",
        "lapse_days が -1 です。0 以上にしてください",
        "clv.horizon_months が 1300 です。1200 以下にしてください",
        "fit.gradient_tolerance が 0 です。0より大きくしてください",
        "clv.margin は数値にしてください",
        "tenure_days は昇順にしてください（210,90 ではなく）",
        "windows には日数が1つ以上必要です",
        "not_products に空の語があります",
        "検証期間の終わり 1997-09-30 は、学習期間の終わり 1997-09-30 より後にしてください",
    ];

    #[test]
    fn every_kind_has_its_japanese_words() {
        let examples = every_kind();
        assert_eq!(
            examples.len(),
            JAPANESE.len(),
            "one Japanese text per example"
        );
        for ((error, _), japanese) in examples.iter().zip(JAPANESE) {
            assert_eq!(error.ja(), *japanese, "{error:?}");
            assert!(!has_english_sentence(japanese), "{error:?}");
        }
        let four_digits = DayError {
            text: "2024-02-30".into(),
            four_digit_year: true,
        };
        assert_eq!(
            four_digits.ja(),
            "「2024-02-30」は YYYY-MM-DD の形の日付ではありません"
        );
    }
}
