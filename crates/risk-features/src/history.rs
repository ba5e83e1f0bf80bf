//! One client's account history in the UCI layout.

use serde::{Deserialize, Serialize};

/// One client's six-month account history (UCI "default of credit card clients").
///
/// Months are ordered from the most recent (September 2005, index 0) to the
/// oldest (April 2005, index 5), as in the UCI columns `PAY_0, PAY_2..PAY_6`,
/// `BILL_AMT1..6` and `PAY_AMT1..6`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountHistory {
    /// Client identifier (the `ID` column, or the 1-based record number when absent).
    pub id: String,
    /// Amount of given credit (`LIMIT_BAL` / `limite_credito`).
    pub limit_bal: f64,
    /// Repayment status per month: -2 no use, -1 paid duly, 0 revolving, 1..9 months late.
    pub pay_status: [i32; 6],
    /// Bill statement amount per month (may be negative: credit balance).
    pub bill_amt: [f64; 6],
    /// Amount paid per month.
    pub pay_amt: [f64; 6],
    /// `default payment next month` when the input carries the label.
    pub default_next_month: Option<bool>,
}
