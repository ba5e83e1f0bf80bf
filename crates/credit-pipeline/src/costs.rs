//! What the customer is told a loan costs besides the interest rate: the IOF
//! tax and the CET (custo efetivo total, Resolução CMN 3.517/2007).
//!
//! * **IOF for individuals** (Decreto 6.306/2007 art. 7; rates change by
//!   decree, so they are parameters): `additional × amount` plus
//!   `daily × days_k × A_k` for each installment `k`, where `A_k` is the
//!   principal the installment amortises under the Price table and
//!   `days_k = min(30·k, max_days)` the days from release to its due date.
//!   IOF is charged at release, so the customer receives `amount − iof`.
//! * **CET (monthly)**: the rate `r` at which the `n` payments are worth what
//!   the customer receives, `amount − iof = PMT · (1 − (1 + r)^−n) / r`,
//!   found by bisection to the last bit (deterministic, no starting guess).
//!   `cet_annual = (1 + cet_monthly)^12 − 1`.
//!
//! ```
//! use credit_pipeline::costs::{loan_costs, IofRates};
//! let costs = loan_costs(10_000.0, 0.025, 12, &IofRates::INDIVIDUALS);
//! // 0.38 % of the amount, plus at most 365 days of 0.0082 % on it:
//! assert!(costs.iof > 38.0 && costs.iof < 38.0 + 10_000.0 * 365.0 * 0.000_082);
//! assert!(costs.cet_monthly > 0.025); // the tax makes the loan dearer than its rate
//! let none = loan_costs(10_000.0, 0.025, 12, &IofRates::NONE);
//! assert!((none.cet_monthly - 0.025).abs() < 1e-12);
//! ```

use serde::{Deserialize, Serialize};

use crate::bfs::pmt;

/// IOF rates on credit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IofRates {
    /// Rate per day on the amortised principal (0.0082 % = 0.000082).
    pub daily: f64,
    /// Additional rate on the amount, once (0.38 % = 0.0038).
    pub additional: f64,
    /// Days after which the daily rate stops counting (365).
    pub max_days: u32,
}

impl IofRates {
    /// Individuals (pessoa física), Decreto 6.306/2007 art. 7 and §15.
    pub const INDIVIDUALS: IofRates = IofRates {
        daily: 0.000_082,
        additional: 0.003_8,
        max_days: 365,
    };
    /// No IOF (e.g. to compare the CET with the contract rate).
    pub const NONE: IofRates = IofRates {
        daily: 0.0,
        additional: 0.0,
        max_days: 0,
    };
}

/// The costs of one offer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoanCosts {
    /// IOF charged at release, BRL.
    pub iof: f64,
    /// Effective monthly cost (CET a.m.).
    pub cet_monthly: f64,
    /// Effective annual cost (CET a.a.), `(1 + cet_monthly)^12 - 1`.
    pub cet_annual: f64,
}

/// IOF on `amount` lent at monthly `rate` over `n` Price installments.
pub fn iof(amount: f64, rate: f64, n: u32, rates: &IofRates) -> f64 {
    let payment = pmt(rate, n, amount);
    let mut balance = amount;
    let mut daily_part = 0.0;
    for k in 1..=n {
        let interest = balance * rate;
        // The last installment amortises what is left, so rounding never
        // leaves principal untaxed.
        let amortised = if k == n { balance } else { payment - interest };
        balance -= amortised;
        let days = (30 * u64::from(k)).min(u64::from(rates.max_days));
        daily_part += amortised * rates.daily * days as f64;
    }
    rates.additional * amount + daily_part
}

/// Present value at monthly rate `r` of `n` payments of `payment`.
fn present_value(payment: f64, n: u32, r: f64) -> f64 {
    if r == 0.0 {
        return payment * f64::from(n);
    }
    payment * (1.0 - (1.0 + r).powi(-(n as i32))) / r
}

/// The monthly rate at which `n` payments of `payment` are worth `received`
/// (0 when they are worth no more than it: no cost).
///
/// Newton's method on the present value, which is convex and falling in the
/// rate: started at 0 (where the tangent is known exactly) every step stays
/// below the root and climbs to it, so the iteration stops when it no longer
/// rises — the same bits for the same inputs, in a handful of steps.
pub fn effective_monthly_rate(received: f64, payment: f64, n: u32) -> f64 {
    let total = payment * f64::from(n);
    if !(received > 0.0 && payment > 0.0 && n > 0) || total <= received {
        return 0.0;
    }
    let nf = f64::from(n);
    // Tangent at r = 0: PV(0) = total, PV'(0) = -payment * n (n + 1) / 2.
    let mut r = (total - received) / (payment * nf * (nf + 1.0) / 2.0);
    for _ in 0..200 {
        let growth = (1.0 + r).powi(-(n as i32));
        let pv = present_value(payment, n, r);
        let slope = payment * (nf * growth / (1.0 + r) * r - (1.0 - growth)) / (r * r);
        let next = r - (pv - received) / slope;
        if next.is_nan() || next <= r || next.is_infinite() {
            break;
        }
        r = next;
    }
    r
}

/// IOF and CET of `amount` at monthly `rate` over `n` Price installments.
pub fn loan_costs(amount: f64, rate: f64, n: u32, rates: &IofRates) -> LoanCosts {
    let iof = iof(amount, rate, n, rates);
    let payment = pmt(rate, n, amount);
    let cet_monthly = effective_monthly_rate(amount - iof, payment, n);
    LoanCosts {
        iof,
        cet_monthly,
        cet_annual: (1.0 + cet_monthly).powi(12) - 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iof_by_hand_for_two_installments() {
        // 1 000 at 2 %: PMT = 515.0495..., A1 = PMT - 20, A2 = the rest.
        let payment = pmt(0.02, 2, 1_000.0);
        let a1 = payment - 20.0;
        let a2 = 1_000.0 - a1;
        let expected = 0.0038 * 1_000.0 + a1 * 0.000082 * 30.0 + a2 * 0.000082 * 60.0;
        let got = iof(1_000.0, 0.02, 2, &IofRates::INDIVIDUALS);
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    }

    #[test]
    fn days_stop_counting_after_a_year() {
        let long = iof(100_000.0, 0.012, 360, &IofRates::INDIVIDUALS);
        // At most 0.38 % + 365 × 0.0082 % of the amount.
        assert!(long <= 100_000.0 * (0.0038 + 365.0 * 0.000082) + 1e-6);
        assert!(long > 100_000.0 * 0.0038);
    }

    #[test]
    fn the_cet_discounts_the_payments_to_what_the_customer_receives() {
        for (amount, rate, n) in [
            (1_000.0, 0.035, 3),
            (25_000.0, 0.025, 36),
            (600_000.0, 0.012, 360),
        ] {
            let c = loan_costs(amount, rate, n, &IofRates::INDIVIDUALS);
            let pv = present_value(pmt(rate, n, amount), n, c.cet_monthly);
            assert!(
                (pv - (amount - c.iof)).abs() < 1e-6 * amount,
                "{amount} {n}: {pv}"
            );
            assert!(c.cet_monthly > rate);
            assert!((c.cet_annual - ((1.0 + c.cet_monthly).powi(12) - 1.0)).abs() < 1e-15);
        }
    }

    #[test]
    fn without_iof_the_cet_is_the_contract_rate() {
        for (rate, n) in [(0.025, 36), (0.018, 72), (0.035, 1)] {
            let c = loan_costs(10_000.0, rate, n, &IofRates::NONE);
            assert_eq!(c.iof, 0.0);
            assert!(
                (c.cet_monthly - rate).abs() < 1e-12,
                "{rate} {n}: {}",
                c.cet_monthly
            );
        }
    }
}
