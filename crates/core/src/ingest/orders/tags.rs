//! Each order's channel and coupon code, kept apart from the drafts: most files have neither column and then
//! pay nothing for them. An order's first row that has either gives both.

use super::intern::Interner;
use crate::texts::Texts;

/// The channels and coupon codes of the orders read so far.
pub(super) struct OrderTags {
    /// Channel names, numbered as first seen; 0 is none.
    channels: Interner,
    /// Coupon codes, numbered as first seen; 0 is none.
    coupons: Interner,
    /// `(draft, channel, coupon)` of each order that has either.
    tagged: Vec<(u32, u32, u32)>,
}

impl Default for OrderTags {
    fn default() -> Self {
        let none = || {
            let mut names = Interner::with_table();
            names.intern("");
            names
        };
        OrderTags {
            channels: none(),
            coupons: none(),
            tagged: Vec::new(),
        }
    }
}

/// The orders' channel and coupon columns as the dataset holds them (see [`crate::model::Orders::channel`]).
pub(super) struct TagColumns {
    pub channel: Vec<u32>,
    pub channels: Texts,
    pub coupon: Vec<u32>,
    pub coupons: Texts,
}

impl OrderTags {
    /// Gives the order of `draft` its channel and coupon (an empty text is none).
    pub fn add(&mut self, draft: u32, channel: Option<&str>, coupon: Option<&str>) {
        let channel = self.channels.intern(channel.unwrap_or(""));
        let coupon = self.coupons.intern(coupon.unwrap_or(""));
        self.tagged.push((draft, channel, coupon));
    }

    /// The columns of `orders` laid-out orders, where `position[draft]` is a draft's position (`u32::MAX`
    /// for one that is not a valid order). A column no order has a value in is left empty, with its names.
    pub fn columns(self, position: &[u32], orders: usize) -> TagColumns {
        let column = |names: &Interner, pick: fn(&(u32, u32, u32)) -> u32| {
            if names.texts().len() <= 1 {
                return Vec::new();
            }
            let mut column = vec![0; orders];
            for tag in &self.tagged {
                if let Some(&p) = position.get(tag.0 as usize).filter(|&&p| p != u32::MAX) {
                    column[p as usize] = pick(tag);
                }
            }
            column
        };
        let channel = column(&self.channels, |t| t.1);
        let coupon = column(&self.coupons, |t| t.2);
        let names = |names: Interner, column: &Vec<u32>| match column.is_empty() {
            true => Texts::default(),
            false => names.into_texts(),
        };
        TagColumns {
            channels: names(self.channels, &channel),
            coupons: names(self.coupons, &coupon),
            channel,
            coupon,
        }
    }
}
