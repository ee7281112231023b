//! Why a model fit gave no parameters, as data ([`FitFailure`]), in English (`Display`) and in Japanese
//! ([`Words`]).

use serde::{Deserialize, Serialize};

use crate::words::Words;

/// Why a fit returned no parameters: refused before optimising, or the optimiser found no proper maximum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FitFailure {
    /// No customer has a transaction in the calibration period.
    NoTransactions,
    /// No customer has a repeat transaction in the calibration period.
    NoRepeatTransactions,
    /// Fewer than two customers have a repeat transaction with a positive value (the spend model's input).
    TooFewRepeatSpenders,
    /// The fit options are not valid for the optimiser.
    InvalidOptions {
        /// The optimiser's words.
        detail: String,
    },
    /// The optimiser used all its iterations.
    OutOfIterations {
        /// The most iterations allowed.
        max: u64,
    },
    /// A parameter ran off towards zero or infinity: the data do not determine it.
    Diverged {
        /// The parameter's name (`r`, `alpha`, …).
        param: String,
        /// Towards infinity, else towards zero.
        towards_infinity: bool,
    },
    /// The optimiser stopped where the gradient is still above the tolerance: not at a maximum.
    NotAtMaximum {
        /// Why the optimiser stopped, in its words.
        stopped: String,
        /// The gradient's norm where it stopped.
        gradient_norm: f64,
        /// The tolerance.
        tolerance: f64,
    },
    /// The optimiser stopped before it could evaluate any point.
    Stopped {
        /// Why, in the optimiser's words.
        detail: String,
    },
}

impl std::fmt::Display for FitFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use FitFailure::*;
        match self {
            NoTransactions => f.write_str("no customer has a transaction in the calibration period"),
            NoRepeatTransactions => f.write_str(
                "no customer has a repeat transaction in the calibration period, so the purchase and dropout \
                 rates cannot be estimated",
            ),
            TooFewRepeatSpenders => f.write_str(
                "fewer than two customers have a repeat transaction with a positive value, so the spend model \
                 cannot be estimated",
            ),
            InvalidOptions { detail } => write!(f, "invalid fit options: {detail}"),
            OutOfIterations { max } => write!(f, "no convergence within {max} iterations"),
            Diverged {
                param,
                towards_infinity,
            } => write!(
                f,
                "the parameter {param} ran off towards {}: the data do not determine it",
                if *towards_infinity { "infinity" } else { "zero" }
            ),
            NotAtMaximum {
                stopped,
                gradient_norm,
                tolerance,
            } => write!(
                f,
                "{stopped}; the gradient of the mean log-likelihood is still {gradient_norm:.2e}, above the \
                 tolerance {tolerance:.0e}"
            ),
            Stopped { detail } => f.write_str(detail),
        }
    }
}

impl Words for FitFailure {
    fn ja(&self) -> String {
        use FitFailure::*;
        match self {
            NoTransactions => "学習期間に購入のある顧客がいません".into(),
            NoRepeatTransactions => {
                "学習期間にリピート購入のある顧客がいないため、購入頻度と離脱率を推定できません".into()
            }
            TooFewRepeatSpenders => {
                "金額が正のリピート購入がある顧客が2人未満のため、購入金額のモデルを推定できません".into()
            }
            InvalidOptions { .. } => "推定の設定が正しくありません".into(),
            OutOfIterations { max } => format!("{max}回の反復で収束しませんでした"),
            Diverged {
                param,
                towards_infinity,
            } => format!(
                "パラメータ {param} が{}に発散しました。このデータからは決まりません",
                if *towards_infinity { "無限大" } else { "0" }
            ),
            NotAtMaximum {
                gradient_norm,
                tolerance,
                ..
            } => format!(
                "最大点に達しませんでした。平均対数尤度の勾配が {gradient_norm:.2e} で、許容値 {tolerance:.0e} を上回っています"
            ),
            Stopped { .. } => "最適化が途中で止まりました（対数尤度を計算できませんでした）".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::has_english_sentence;

    #[test]
    fn every_kind_has_its_words_in_both_languages() {
        use FitFailure::*;
        let examples = [
            (NoTransactions, "学習期間に購入のある顧客がいません"),
            (NoRepeatTransactions, "学習期間にリピート購入のある顧客がいないため、購入頻度と離脱率を推定できません"),
            (TooFewRepeatSpenders, "金額が正のリピート購入がある顧客が2人未満のため、購入金額のモデルを推定できません"),
            (InvalidOptions { detail: "tolerance must be positive".into() }, "推定の設定が正しくありません"),
            (OutOfIterations { max: 500 }, "500回の反復で収束しませんでした"),
            (Diverged { param: "alpha".into(), towards_infinity: true }, "パラメータ alpha が無限大に発散しました。このデータからは決まりません"),
            (NotAtMaximum { stopped: "line search failed".into(), gradient_norm: 0.0123, tolerance: 1e-6 }, "最大点に達しませんでした。平均対数尤度の勾配が 1.23e-2 で、許容値 1e-6 を上回っています"),
            (Stopped { detail: "cost is not finite".into() }, "最適化が途中で止まりました（対数尤度を計算できませんでした）"),
        ];
        for (failure, japanese) in &examples {
            assert_eq!(failure.ja(), *japanese);
            assert!(!has_english_sentence(japanese));
            assert!(
                has_english_sentence(&failure.to_string()) || matches!(failure, Stopped { .. })
            );
        }
        assert_eq!(
            examples[5].0.to_string(),
            "the parameter alpha ran off towards infinity: the data do not determine it"
        );
        assert_eq!(
            examples[6].0.to_string(),
            "line search failed; the gradient of the mean log-likelihood is still 1.23e-2, above the tolerance 1e-6"
        );
    }
}
