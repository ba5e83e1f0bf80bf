//! # contact-planner
//!
//! When may a collector contact a client, on which channel? The answer is decided by a **rule
//! pack**: versioned data (TOML) where every rule cites its source — contact hours per weekday in
//! the client's local time, per-state overrides, national and state holidays, caps per channel
//! and over all channels in any rolling 7 days, cool-offs after a conversation or a promise, and
//! the age after which a debt is not collected. Two packs are shipped: [`RulePack::br`] (the
//! default, Brazilian law and self-regulation) and [`RulePack::us_reg_f`] (US Regulation F).
//!
//! ```
//! use contact_planner::RulePack;
//! let br = RulePack::br();
//! assert_eq!(br.id, "br");
//! // Good Friday 2026 is 3 April: Easter Sunday minus two days.
//! let friday = chrono::NaiveDate::from_ymd_opt(2026, 4, 3).unwrap();
//! assert!(br.holiday(friday, Some("SP")).is_some());
//! ```

#![deny(missing_docs)]

mod calendar;
mod error;
mod history;
pub mod input;
mod pack;
mod plan;
mod zone;

pub use calendar::easter_sunday;
pub use error::PackError;
pub use history::{Attempt, Outcome};
pub use pack::{Caps, Channel, CoolOffs, Holiday, HolidayDate, RulePack, Window};
pub use plan::{Client, ContactPlanner, PackPlanner, Reason, Slot};
pub use zone::{offset_of_zone, states, zone_names, zone_of_state, Zone};
