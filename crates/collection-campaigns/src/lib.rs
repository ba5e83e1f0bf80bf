//! # collection-campaigns
//!
//! A collection campaign that measures its effect.
//!
//! * [`assign()`]: each client goes to `holdout` or a variant `v1..vK`, deterministically (a hash
//!   of the seed, the campaign and the client id orders each segment; the first share of each
//!   segment is held out, the rest dealt round-robin to the variants), so every segment has
//!   its holdout and the variants are balanced within it.
//! * [`CampaignSpec`]: the variants as data (a TOML campaign file): what each one writes
//!   (offline templates or a language model) and with which policy file.
//! * [`queue`]: the send queue, one contact per contacted client at the earliest instant the
//!   [`contact_planner::ContactPlanner`] allows on the first channel of its policy that opens.
//! * [`Sender`]: hands one contact to a gateway; [`WebhookSender`] POSTs JSON with an
//!   `Idempotency-Key` and retries what may succeed later.
//! * [`report()`]: per segment × group, clients, contacted, promise, kept-promise and payment
//!   rates, amount recovered, and the uplift of the payment rate over the holdout with
//!   Newcombe's hybrid score interval ([`uplift::newcombe`]), with a verdict in plain words.
//!
//! ```
//! use collection_campaigns::assign::{assign, Assignee};
//!
//! let clients: Vec<Assignee> = (0..100)
//!     .map(|i| Assignee { client_id: format!("C{i}"), segment: (i % 2) as u8 })
//!     .collect();
//! let groups = assign("dez-2026", 7, 0.10, 2, &clients).unwrap();
//! // 5 of each segment's 50 clients are held out, the rest split between v1 and v2.
//! let held = groups.iter().filter(|g| g.as_str() == "holdout").count();
//! assert_eq!(held, 10);
//! // The same campaign, seed and clients give the same groups.
//! assert_eq!(groups, assign("dez-2026", 7, 0.10, 2, &clients).unwrap());
//! ```

#![deny(missing_docs)]

pub mod assign;
pub mod queue;
pub mod report;
pub mod send;
pub mod spec;
pub mod uplift;

pub use assign::{assign, AssignError, Assignee, HOLDOUT};
pub use report::{report, CampaignReport, GroupRow, ReportMember, SegmentVerdict};
pub use send::{Delivery, SendError, Sender, Sent, WebhookSender};
pub use spec::{CampaignSpec, SpecError, Variant, Writer};
