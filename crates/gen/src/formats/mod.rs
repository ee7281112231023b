//! The six exports. Each writer turns one order ([`Ctx`]) into its cart's rows; the driver in `lib.rs` decides
//! everything the ground truth depends on (status, refund, malformation, who the customer is) before calling
//! it, so a writer only has to spell the order the way its cart does.

pub(crate) mod base;
pub(crate) mod eccube;
pub(crate) mod ecforce;
pub(crate) mod generic;
pub(crate) mod rakuten;
pub(crate) mod shopify;

use std::io::{self, Write};

use crate::catalog::{
    Family, Given, Place, BUILDINGS, CHANNELS, DOMAINS, FAMILIES, GIVENS, PLACES, TOWNS,
};
use crate::dates::{Calendar, Style, DAY};
use crate::model::Line;
use crate::rng::Rng;
use crate::sink::{Encoding, Sink, Table};

/// An export format's writer.
pub(crate) trait Export {
    /// The full header row, exactly as the cart writes it.
    const HEADERS: &'static [&'static str];
    /// The file's text encoding.
    const ENCODING: Encoding;
    /// CRLF (true) or LF line endings.
    const CRLF: bool;
    /// Writes every row of one order.
    fn write<W: Write>(
        &mut self,
        ctx: &Ctx<'_>,
        rng: &mut Rng,
        t: &mut Table,
        sink: &mut Sink<'_, W>,
    ) -> io::Result<()>;
}

/// What happened to an order, as far as its status column can say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Placed, paid or shipped.
    Normal,
    /// Cancelled.
    Cancelled,
    /// Returned (EC-CUBE 返品): counts as cancelled.
    Returned,
    /// Never completed (EC-CUBE 購入処理中 or, with `payment`, 決済処理中).
    Incomplete { payment: bool },
}

/// How a malformed order's single row is broken; the number picks a variant of the bad text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Malformed {
    /// The order date is impossible (`2024-13-45`, `2025-02-30`).
    Date(u64),
    /// The amounts are unreadable (`12,3a4`).
    Total(u64),
}

/// Unreadable amounts written by malformed orders.
const BAD_AMOUNTS: [&str; 3] = ["12,3a4", "1,2x0", "4O80"];

/// One order, ready to be written.
pub(crate) struct Ctx<'a> {
    pub cal: &'a Calendar,
    /// Position in the file, from 0: order numbers derive from it.
    pub index: u64,
    /// Order time, seconds since 2024-01-01 00:00 JST.
    pub t: u32,
    /// Days from the order date to 2025-12-31 (recent orders are not shipped yet).
    pub days_to_end: u32,
    pub lines: &'a [Line],
    pub person: Person,
    /// The customer's number in order of first appearance in the file, from 1.
    pub cust_no: u32,
    /// The order carries a member / customer id (not a guest, not anonymous).
    pub member: bool,
    /// The order carries no e-mail, phone or id at all.
    pub anonymous: bool,
    /// The e-mail as written (maybe in upper case or with spaces around it); empty when there is none.
    pub email: &'a str,
    /// The order carries the customer's phone number.
    pub has_phone: bool,
    /// Σ price × quantity.
    pub subtotal: i64,
    pub shipping: i64,
    /// subtotal + shipping.
    pub total: i64,
    /// Consumption tax included in the total at 8% and at 10% (shipping is taxed at 10%).
    pub tax8: i64,
    pub tax10: i64,
    /// Refunded amount (Shopify only).
    pub refunded: i64,
    pub status: Status,
    pub malformed: Option<Malformed>,
    /// The subscription delivery number (0 for one-off orders) and whether the subscription stopped after it.
    pub sub_seq: u16,
    pub sub_end: bool,
    /// How many orders of this customer the file has up to and including this one.
    pub purchase_no: u32,
}

impl Ctx<'_> {
    /// Cancelled or returned.
    pub fn cancelled(&self) -> bool {
        matches!(self.status, Status::Cancelled | Status::Returned)
    }

    /// Writes the order timestamp (impossible when the order is malformed that way).
    pub fn date(&self, out: &mut String, style: Style) {
        match self.malformed {
            Some(Malformed::Date(v)) => self.cal.write_impossible(out, self.t, v, style),
            _ => self.cal.write(out, self.t, style),
        }
    }

    /// Writes a timestamp `days` and `secs` after the order (payment, shipping, cancellation).
    pub fn later(&self, out: &mut String, days: u32, secs: u32, style: Style) {
        self.cal.write(out, self.t + days * DAY + secs, style);
    }

    /// Sets an order amount: the value, or an unreadable text when the order is malformed that way.
    pub fn amount(&self, t: &mut Table, c: usize, value: i64) {
        match self.malformed {
            Some(Malformed::Total(v)) => t.set(c, BAD_AMOUNTS[(v % 3) as usize]),
            _ => t.int(c, value),
        }
    }

    /// Like [`Ctx::amount`], with two decimals (Shopify).
    pub fn amount2(&self, t: &mut Table, c: usize, value: i64) {
        match self.malformed {
            Some(Malformed::Total(v)) => t.set(c, BAD_AMOUNTS[(v % 3) as usize]),
            _ => t.money2(c, value),
        }
    }

    /// The consumption tax included in the total.
    pub fn tax(&self) -> i64 {
        self.tax8 + self.tax10
    }

    /// The order is a subscription delivery.
    pub fn subscription(&self) -> bool {
        self.sub_seq > 0
    }
}

/// A customer's personal details, derived from the customer's random bits and number.
pub(crate) struct Person {
    pub family: &'static Family,
    pub given: &'static Given,
    pub place: &'static Place,
    pub town: &'static str,
    block: [u16; 3],
    building: Option<(&'static str, u16)>,
    zip4: u16,
    phone: [u16; 3],
    email_form: u8,
    domain: &'static str,
    /// Index into [`CHANNELS`].
    pub channel: usize,
}

/// SplitMix64's finaliser: independent-looking bits from `attr` and a field number.
fn mix(attr: u64, field: u64) -> u64 {
    let mut z = attr ^ field.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick_weighted(h: u64, weights: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u64 = weights.clone().map(u64::from).sum();
    let mut x = h % total;
    for (i, w) in weights.enumerate() {
        let w = u64::from(w);
        if x < w {
            return i;
        }
        x -= w;
    }
    0
}

impl Person {
    /// The details of customer number `no` (from 1) with random bits `attr`.
    pub fn new(attr: u64, no: u32) -> Person {
        let female = mix(attr, 1) % 100 < 65;
        let givens: usize = GIVENS.iter().filter(|g| g.female == female).count();
        let k = (mix(attr, 2) % givens as u64) as usize;
        let given = GIVENS
            .iter()
            .filter(|g| g.female == female)
            .nth(k)
            .unwrap_or(&GIVENS[0]);
        let family = &FAMILIES[(mix(attr, 3) % FAMILIES.len() as u64) as usize];
        let place = &PLACES[pick_weighted(mix(attr, 4), PLACES.iter().map(|p| p.weight))];
        let h = mix(attr, 5);
        let block = [
            (1 + h % 5) as u16,
            (1 + (h >> 8) % 30) as u16,
            (1 + (h >> 16) % 20) as u16,
        ];
        let building = ((h >> 24) % 100 < 45).then(|| {
            (
                BUILDINGS[((h >> 32) % BUILDINGS.len() as u64) as usize],
                (100 * (1 + (h >> 40) % 8) + 1 + (h >> 48) % 12) as u16,
            )
        });
        // A bijection of the customer number onto 8 digits keeps phone numbers unique.
        let digits = (u64::from(no) * 48_271 + 12_345_678) % 100_000_000;
        let prefix = [90, 80, 70][pick_weighted(mix(attr, 6), [6u32, 4, 1].into_iter())];
        Person {
            family,
            given,
            place,
            town: TOWNS[(mix(attr, 7) % TOWNS.len() as u64) as usize],
            block,
            building,
            zip4: (mix(attr, 8) % 10_000) as u16,
            phone: [prefix, (digits / 10_000) as u16, (digits % 10_000) as u16],
            email_form: (mix(attr, 9) % 5) as u8,
            domain: DOMAINS[pick_weighted(mix(attr, 10), [5u32, 3, 1, 4, 3, 2].into_iter())],
            channel: pick_weighted(mix(attr, 11), [25u32, 20, 10, 10, 35].into_iter()),
        }
    }

    /// `姓{sep}名`.
    pub fn name(&self, out: &mut String, sep: &str) {
        out.push_str(self.family.kanji);
        out.push_str(sep);
        out.push_str(self.given.kanji);
    }

    /// The phone number's three parts as written: `090`, `1234`, `5678`.
    pub fn phone_part(&self, out: &mut String, part: usize) {
        use std::fmt::Write as _;
        let _ = match part {
            0 => write!(out, "0{}", self.phone[0]),
            _ => write!(out, "{:04}", self.phone[part]),
        };
    }

    /// The phone number with a separator between the parts (`090-1234-5678`, or digits only with `""`).
    pub fn phone(&self, out: &mut String, sep: &str) {
        self.phone_part(out, 0);
        out.push_str(sep);
        self.phone_part(out, 1);
        out.push_str(sep);
        self.phone_part(out, 2);
    }

    /// The postcode's two parts: `154` and `0015`.
    pub fn zip_part(&self, out: &mut String, part: usize) {
        use std::fmt::Write as _;
        let _ = match part {
            0 => write!(out, "{}", self.place.zip3),
            _ => write!(out, "{:04}", self.zip4),
        };
    }

    /// The postcode with a separator (`154-0015`, or `1540015` with `""`).
    pub fn zip(&self, out: &mut String, sep: &str) {
        self.zip_part(out, 0);
        out.push_str(sep);
        self.zip_part(out, 1);
    }

    /// City and town: `世田谷区桜台`.
    pub fn address1(&self, out: &mut String) {
        out.push_str(self.place.city);
        out.push_str(self.town);
    }

    /// Block numbers and building: `2-10-5 コーポ桜203`.
    pub fn address2(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{}-{}-{}", self.block[0], self.block[1], self.block[2]);
        if let Some((b, room)) = self.building {
            let _ = write!(out, " {b}{room}");
        }
    }

    /// The acquisition channel: (name, landing-page slug, advertiser).
    pub fn channel(&self) -> (&'static str, &'static str, &'static str) {
        CHANNELS[self.channel]
    }

    /// Writes the e-mail address of customer number `no`, in one of four spellings that all normalise
    /// (trim, lower-case) to the same key: 0 as is, 1 capitalised, 2 upper case, 3 with spaces around it.
    pub fn email(&self, out: &mut String, no: u32, spelling: u8) {
        use std::fmt::Write as _;
        if spelling == 3 {
            out.push(' ');
        }
        let start = out.len();
        let (g, f) = (self.given.romaji, self.family.romaji);
        let _ = match self.email_form {
            0 => write!(out, "{g}.{f}{no}"),
            1 => write!(out, "{f}.{g}{no}"),
            2 => write!(out, "{g}{no}"),
            3 => write!(out, "{}{f}{no}", &g[..1]),
            _ => write!(out, "{f}_{g}_{no}"),
        };
        out.push('@');
        let at = out.len();
        out.push_str(self.domain);
        match spelling {
            1 => {
                out[start..start + 1].make_ascii_uppercase();
                out[at..at + 1].make_ascii_uppercase();
            }
            2 => out[start..].make_ascii_uppercase(),
            3 => out.push_str("  "),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_an_email_normalises_to_the_plain_one() {
        let p = Person::new(0xDEAD_BEEF, 42);
        let mut plain = String::new();
        p.email(&mut plain, 42, 0);
        assert!(plain.ends_with(&format!("@{}", p.domain)) && plain.contains("42@"));
        for spelling in 1..4 {
            let mut s = String::new();
            p.email(&mut s, 42, spelling);
            assert_ne!(s, plain);
            assert_eq!(s.trim().to_lowercase(), plain);
        }
    }

    #[test]
    fn phone_numbers_of_different_customers_differ() {
        let mut seen = std::collections::BTreeSet::new();
        for no in 1..20_000u32 {
            let mut s = String::new();
            Person::new(u64::from(no) * 7919, no).phone(&mut s, "");
            assert_eq!(s.len(), 11);
            assert!(seen.insert(s[3..].to_string()));
        }
    }
}
