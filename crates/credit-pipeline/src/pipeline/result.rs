//! The explained result of one analysis (SPEC §3.5 result JSON).

use serde::{Deserialize, Serialize};

use super::Reason;

use crate::bfs::CreditLimit;
use crate::dfs::PersonaResult;
use crate::fuzzy::RiskAssessment;
use crate::mlp::ClassProbabilities;

/// Final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Approved.
    Approved,
    /// Sent to manual review.
    PendingReview,
    /// Rejected.
    Rejected,
}

impl ApprovalStatus {
    /// The status as the result's JSON names it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::PendingReview => "pending_review",
            ApprovalStatus::Rejected => "rejected",
        }
    }
}

#[cfg(test)]
mod status_name_tests {
    use super::ApprovalStatus;

    #[test]
    fn status_names_are_the_json_names() {
        for s in [
            ApprovalStatus::Approved,
            ApprovalStatus::PendingReview,
            ApprovalStatus::Rejected,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}

/// Why a request was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectionReason {
    /// Stage 1 found no persona.
    PersonaFilter,
    /// Stage 2: the product's minimum is above what the customer can be granted.
    BelowProductMinimum,
    /// Stage 2: no amount has an affordable payment (30 % of net income,
    /// and net income less the mínimo existencial).
    LowIncome,
    /// Stage 4 rejected with a fuzzy risk score above the policy's
    /// `high_risk_above` (0.65).
    HighRisk,
    /// Stage 4 rejected with a lower risk score.
    Other,
}

/// Why a request goes to manual review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// No fuzzy rule fired: the risk is undefined.
    RiskUndetermined,
    /// The approval model chose `pending_review`.
    Model,
}

/// Stage 4 as reported (`approval` in the result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalDetails {
    /// Softmax probabilities of the three classes.
    pub probabilities: ClassProbabilities,
    /// Probability of the chosen class.
    pub confidence: f64,
    /// Version of the approval model that decided.
    pub model_version: String,
}

/// The credit offered when approved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    /// `min(requested_amount, limit)`, BRL.
    pub amount: f64,
    /// Fewest installments (not below the requested term capped at the
    /// product's) with an affordable payment.
    pub installments: u32,
    /// Monthly rate.
    pub interest_rate: f64,
    /// Price-formula payment, BRL.
    pub monthly_payment: f64,
    /// `monthly_payment * installments`.
    pub total_to_pay: f64,
    /// IOF charged at release, BRL (see [`crate::costs`]); the customer
    /// receives `amount - iof`.
    pub iof: f64,
    /// Effective monthly cost, IOF included (CET a.m., Resolução CMN 3.517/2007).
    pub cet_monthly: f64,
    /// Effective annual cost, `(1 + cet_monthly)^12 - 1` (CET a.a.).
    pub cet_annual: f64,
}

/// One request's analysis; stages not reached are `None` (`null` in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditAnalysis {
    /// The request's id (generated when the request had none).
    pub request_id: String,
    /// The customer's id.
    pub customer_id: String,
    /// RFC 3339 time of the analysis (UTC).
    pub analysis_date: String,
    /// The decision.
    pub approval_status: ApprovalStatus,
    /// Why, when rejected.
    pub rejection_reason: Option<RejectionReason>,
    /// Why, when sent to manual review.
    pub review_reason: Option<ReviewReason>,
    /// Stage 1 result.
    pub persona: PersonaResult,
    /// Stage 2 result, when reached.
    pub credit_limit: Option<CreditLimit>,
    /// Stage 3 result, when reached.
    pub risk_assessment: Option<RiskAssessment>,
    /// Stage 4 result, when reached.
    pub approval: Option<ApprovalDetails>,
    /// The credit offered, when approved.
    pub offer: Option<Offer>,
    /// When the request is not approved as asked and passed stage 1: the
    /// largest amount on the product's grid, not above the amount asked,
    /// that the pipeline approves, with its offer terms (`null` when none;
    /// equal to `offer` for an approval of less or at another term).
    #[serde(default)]
    pub counter_offer: Option<Offer>,
    /// When the request is not approved as asked: at most four principal
    /// reasons, most important first (empty for an approval as asked).
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// Short explanation in Brazilian Portuguese.
    pub summary: String,
    /// The credit policy that decided: `<name>@<version>#<content hash>`.
    #[serde(default)]
    pub policy_version: String,
    /// The approval model that decided (or would have, for requests that
    /// stopped before stage 4).
    #[serde(default)]
    pub model_version: String,
}
