//! Order statuses: what each status value means for the order (a purchase, cancelled, never completed), the
//! user's choice to count or leave out orders of a status, and the tally of the statuses seen that the quality
//! report lists.

use serde::{Deserialize, Serialize};

/// What a status value makes of its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// A purchase: counted.
    Purchase,
    /// Cancelled or returned (the preset's words): left out.
    Cancelled,
    /// Never completed, or no money taken (the preset's words): left out.
    Incomplete,
    /// Left out because the user said so (`--exclude-status`).
    Excluded,
    /// Counted because the user said so (`--include-status`), although the preset would leave it out.
    Included,
}

impl StatusClass {
    /// Whether orders of this status are purchases.
    pub fn counts(self) -> bool {
        matches!(self, StatusClass::Purchase | StatusClass::Included)
    }
}

/// The statuses the user counts or leaves out whatever the preset says, compared as whole values, trimmed
/// and in any case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusChoice {
    /// Orders of these statuses count as purchases.
    pub include: Vec<String>,
    /// Orders of these statuses are left out.
    pub exclude: Vec<String>,
}

impl StatusChoice {
    /// The class the user chose for `status`, if any; a status in both lists is left out.
    pub fn class_of(&self, status: &str) -> Option<StatusClass> {
        if self.include.is_empty() && self.exclude.is_empty() {
            return None;
        }
        let status = normal(status);
        let listed = |list: &[String]| list.iter().any(|s| normal(s) == status);
        if listed(&self.exclude) {
            Some(StatusClass::Excluded)
        } else if listed(&self.include) {
            Some(StatusClass::Included)
        } else {
            None
        }
    }
}

impl StatusChoice {
    /// This choice with `status` counted (`count`) or left out, whatever was chosen for it before.
    pub fn deciding(&self, status: &str, count: bool) -> StatusChoice {
        let status_normal = normal(status);
        let other = |s: &String| normal(s) != status_normal;
        let mut next = StatusChoice {
            include: self.include.iter().filter(|s| other(s)).cloned().collect(),
            exclude: self.exclude.iter().filter(|s| other(s)).cloned().collect(),
        };
        match count {
            true => next.include.push(status.to_string()),
            false => next.exclude.push(status.to_string()),
        }
        next
    }
}

fn normal(status: &str) -> String {
    status.trim().to_lowercase()
}

/// How many distinct statuses are listed; rows of others are counted together.
pub const MAX_STATUSES: usize = 100;

/// A status value seen, what it made of its orders, and on how many rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    /// The status as written.
    pub status: String,
    /// What it made of its orders.
    pub class: StatusClass,
    /// Accepted rows with this status.
    pub rows: u64,
}

/// The statuses seen on accepted rows, in the order first seen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusTally {
    /// Each status value, with its rows (at most [`MAX_STATUSES`] values).
    pub seen: Vec<StatusCount>,
    /// Rows whose status was not listed, past [`MAX_STATUSES`] values.
    pub more_rows: u64,
}

impl StatusTally {
    /// Counts `rows` rows with `status`, read as `class`.
    pub fn count_rows(&mut self, status: &str, class: StatusClass, rows: u64) {
        if let Some(seen) = self.seen.iter_mut().find(|s| s.status == status) {
            seen.rows += rows;
            return;
        }
        match self.seen.len() < MAX_STATUSES {
            true => self.seen.push(StatusCount {
                status: status.to_string(),
                class,
                rows,
            }),
            false => self.more_rows += rows,
        }
    }

    /// Adds another tally's counts.
    pub fn add(&mut self, other: &StatusTally) {
        for s in &other.seen {
            self.count_rows(&s.status, s.class, s.rows);
        }
        self.more_rows += other.more_rows;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_choice_matches_whole_statuses_in_any_case_and_exclusion_wins() {
        let choice = StatusChoice {
            include: vec!["Pending".into(), "on-hold".into()],
            exclude: vec![" 発送待ち ".into(), "on-hold".into()],
        };
        assert_eq!(choice.class_of("pending"), Some(StatusClass::Included));
        assert_eq!(choice.class_of("PENDING "), Some(StatusClass::Included));
        assert_eq!(choice.class_of("発送待ち"), Some(StatusClass::Excluded));
        assert_eq!(choice.class_of("on-hold"), Some(StatusClass::Excluded));
        assert_eq!(choice.class_of("pending payment"), None);
        assert_eq!(StatusChoice::default().class_of("paid"), None);
    }

    #[test]
    fn deciding_a_status_replaces_what_was_chosen_for_it_in_any_case() {
        let choice = StatusChoice {
            include: vec!["Pending".into(), "paid".into()],
            exclude: vec!["on-hold".into()],
        };
        let next = choice.deciding("PENDING ", false);
        assert_eq!(next.include, ["paid"]);
        assert_eq!(next.exclude, ["on-hold", "PENDING "]);
        assert_eq!(next.class_of("pending"), Some(StatusClass::Excluded));
        assert_eq!(
            choice.deciding("On-Hold", true).exclude,
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_tally_counts_rows_per_status_in_the_order_first_seen() {
        let mut a = StatusTally::default();
        for s in ["paid", "paid", "pending", "paid"] {
            let class = if s == "paid" {
                StatusClass::Purchase
            } else {
                StatusClass::Incomplete
            };
            a.count_rows(s, class, 1);
        }
        let mut b = StatusTally::default();
        b.count_rows("refunded", StatusClass::Cancelled, 1);
        b.count_rows("pending", StatusClass::Incomplete, 1);
        a.add(&b);
        let seen: Vec<(&str, u64)> = a.seen.iter().map(|s| (s.status.as_str(), s.rows)).collect();
        assert_eq!(seen, [("paid", 3), ("pending", 2), ("refunded", 1)]);
    }
}
