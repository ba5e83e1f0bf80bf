//! The credit request (SPEC §2): typed input and field-by-field validation.
//!
//! Requests are parsed field by field from JSON so that every violation is
//! reported at once ([`ValidationErrors`]), each naming its field path
//! (e.g. `customer_profile.age`); unknown fields and unknown enum values are
//! errors, and NaN or infinite numbers never reach a stage.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::policy::CreditPolicy;

named_enum! {
    /// Employment status of the applicant.
    pub enum EmploymentStatus {
        Employed = "employed",
        SelfEmployed = "self_employed",
        Retired = "retired",
        Unemployed = "unemployed",
    }
}

impl EmploymentStatus {
    /// `true` for employed and self-employed applicants ("qualified employment").
    pub fn is_working(self) -> bool {
        matches!(self, Self::Employed | Self::SelfEmployed)
    }
}

pub use crate::ids::ProductType;

named_enum! {
    /// Declared gender (optional, never used by any stage).
    pub enum Gender {
        M = "M",
        F = "F",
        O = "O",
    }
}

named_enum! {
    /// Declared marital status (optional, never used by any stage).
    pub enum MaritalStatus {
        Single = "single",
        Married = "married",
        Divorced = "divorced",
        Widowed = "widowed",
    }
}

/// A validated customer profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    /// The customer's id (non-empty).
    pub customer_id: String,
    /// Name, never used by any stage.
    pub name: Option<String>,
    /// Age in years (18..=100).
    pub age: u32,
    /// Declared gender, never used by any stage.
    pub gender: Option<Gender>,
    /// Declared marital status, never used by any stage.
    pub marital_status: Option<MaritalStatus>,
    /// Employment status.
    pub employment_status: EmploymentStatus,
    /// Gross monthly income, BRL.
    pub income: f64,
    /// Months at the current job.
    pub time_at_job_months: u32,
    /// Whether the applicant holds a bank account.
    pub has_bank_account: bool,
    /// Whether the Central Bank credit registry shows a restriction.
    pub has_bacen_restriction: bool,
    /// Credit inquiries in the recent past.
    pub num_credit_inquiries: u32,
    /// Loans currently held.
    pub num_existing_loans: u32,
    /// Debt-to-income ratio as a fraction in [0, 1].
    pub debt_to_income_ratio: f64,
    /// Credit score, 0..=1000.
    pub credit_score: u32,
}

impl CustomerProfile {
    /// The SPEC §6 sample customer "A" under `customer_id`: 35 years old,
    /// employed for 48 months, R$ 8 500 a month, score 780, one loan, DTI 0.25,
    /// two inquiries, a bank account and no Bacen restriction.
    ///
    /// The one fixture every example and test starts from; change what the
    /// case needs with struct update syntax:
    ///
    /// ```
    /// use credit_pipeline::request::{CustomerProfile, EmploymentStatus};
    /// let retiree = CustomerProfile {
    ///     employment_status: EmploymentStatus::Retired,
    ///     income: 5_000.0,
    ///     ..CustomerProfile::example("C")
    /// };
    /// assert_eq!(retiree.credit_score, 780);
    /// ```
    pub fn example(customer_id: &str) -> Self {
        CustomerProfile {
            customer_id: customer_id.to_string(),
            name: None,
            age: 35,
            gender: None,
            marital_status: None,
            employment_status: EmploymentStatus::Employed,
            income: 8_500.0,
            time_at_job_months: 48,
            has_bank_account: true,
            has_bacen_restriction: false,
            num_credit_inquiries: 2,
            num_existing_loans: 1,
            debt_to_income_ratio: 0.25,
            credit_score: 780,
        }
    }
}

/// A validated credit request.
///
/// Deserializing goes through [`CreditRequest::from_value`], so every SPEC §2
/// rule is checked (the error message lists all violations).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditRequest {
    /// Caller's id for the request; generated (`REQ-<uuid>`) when absent.
    #[cfg_attr(feature = "openapi", schema(required = false))]
    pub request_id: String,
    /// The applicant.
    pub customer_profile: CustomerProfile,
    /// Product requested.
    pub product_type: ProductType,
    /// Amount requested, BRL (> 0).
    pub requested_amount: f64,
    /// Installments requested (default 12).
    #[cfg_attr(
        feature = "openapi",
        schema(required = false, default = 12, minimum = 1)
    )]
    pub requested_installments: u32,
    /// Free-text purpose, never used by any stage.
    pub purpose: Option<String>,
}

// ---------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------

use serde_json::Value;

mod reader;
pub mod rules;

use reader::FieldReader;
use rules::Rule;
pub use rules::{MAX_AGE, MAX_CREDIT_SCORE, MIN_AGE};

/// Installments used when the request does not say.
pub const DEFAULT_INSTALLMENTS: u32 = 12;

/// One violated rule of a request, named by its dotted path
/// (e.g. `customer_profile.age`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `customer_profile.age`.
    pub field: String,
    /// What is wrong with it, including the value received.
    pub message: String,
}

impl FieldError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every violated rule of one request, reported together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("invalid request: {}", describe(.fields))]
pub struct ValidationErrors {
    /// The violations, in the order of the request's fields.
    pub fields: Vec<FieldError>,
}

fn describe(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a request text could not become a [`CreditRequest`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The JSON is not a valid request; every violation is listed.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

impl RequestError {
    /// The field violations (empty for a JSON syntax error).
    pub fn fields(&self) -> &[FieldError] {
        match self {
            RequestError::Json { .. } => &[],
            RequestError::Invalid(v) => &v.fields,
        }
    }
}

const REQUEST_FIELDS: &[&str] = &[
    "request_id",
    "customer_profile",
    "product_type",
    "requested_amount",
    "requested_installments",
    "purpose",
];

const PROFILE_FIELDS: &[&str] = &[
    "customer_id",
    "name",
    "age",
    "gender",
    "marital_status",
    "employment_status",
    "income",
    "time_at_job_months",
    "has_bank_account",
    "has_bacen_restriction",
    "num_credit_inquiries",
    "num_existing_loans",
    "debt_to_income_ratio",
    "credit_score",
];

/// What a `serde_json` error says, without its " at line L column C" suffix
/// (callers report the position themselves, e.g. as the line of a JSONL file).
///
/// ```
/// let err = serde_json::from_str::<serde_json::Value>("{oops").unwrap_err();
/// assert_eq!(credit_pipeline::request::json_error_message(&err), "key must be a string");
/// ```
pub fn json_error_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_string(),
        None => text,
    }
}

/// Generate a fresh request id, `REQ-<uuid v7>`: unique, and ordered by time, so ids made one
/// after another land next to each other in a store's index instead of on random pages.
pub fn generate_request_id() -> String {
    format!("REQ-{}", uuid::Uuid::now_v7())
}

fn parse_profile(value: &Value, errors: &mut Vec<FieldError>) -> Option<CustomerProfile> {
    let Value::Object(map) = value else {
        errors.push(FieldError::new(
            "customer_profile",
            format!("must be an object, got {value}"),
        ));
        return None;
    };
    let mut r = FieldReader {
        map,
        prefix: "customer_profile.",
        errors,
    };
    let customer_id = r.required_string("customer_id");
    let name = r.optional_string("name");
    let age = r.integer("age", rules::AGE);
    let gender = r.optional_enum::<Gender>("gender");
    let marital_status = r.optional_enum::<MaritalStatus>("marital_status");
    let employment_status = r.required_enum::<EmploymentStatus>("employment_status");
    let income = r.number("income", rules::INCOME);
    let time_at_job_months = r.integer("time_at_job_months", rules::TIME_AT_JOB_MONTHS);
    let has_bank_account = r.bool_field("has_bank_account");
    let has_bacen_restriction = r.bool_field("has_bacen_restriction");
    let num_credit_inquiries = r.integer("num_credit_inquiries", rules::COUNT);
    let num_existing_loans = r.integer("num_existing_loans", rules::COUNT);
    let debt_to_income_ratio = r.number("debt_to_income_ratio", rules::DEBT_TO_INCOME_RATIO);
    let credit_score = r.integer("credit_score", rules::CREDIT_SCORE);
    r.unknown_fields(PROFILE_FIELDS);

    Some(CustomerProfile {
        customer_id: customer_id?,
        name: name.ok()?,
        age: age?,
        gender: gender.ok()?,
        marital_status: marital_status.ok()?,
        employment_status: employment_status?,
        income: income?,
        time_at_job_months: time_at_job_months?,
        has_bank_account: has_bank_account?,
        has_bacen_restriction: has_bacen_restriction?,
        num_credit_inquiries: num_credit_inquiries?,
        num_existing_loans: num_existing_loans?,
        debt_to_income_ratio: debt_to_income_ratio?,
        credit_score: credit_score?,
    })
}

impl CreditRequest {
    /// Build a request from a parsed JSON value, checking every SPEC §2 rule
    /// and reporting all violations together.
    ///
    /// A missing `request_id` is generated (`REQ-<uuid>`); a missing
    /// `requested_installments` defaults to 12.
    ///
    /// ```
    /// use credit_pipeline::request::CreditRequest;
    ///
    /// let value = serde_json::json!({
    ///     "customer_profile": {
    ///         "customer_id": "CUST-001", "age": 17, "employment_status": "student",
    ///         "income": 8500.0, "time_at_job_months": 48, "has_bank_account": true,
    ///         "has_bacen_restriction": false, "num_credit_inquiries": 2,
    ///         "num_existing_loans": 1, "debt_to_income_ratio": 0.25, "credit_score": 780
    ///     },
    ///     "product_type": "personal_loan", "requested_amount": 25000.0
    /// });
    /// let errors = CreditRequest::from_value(&value).unwrap_err();
    /// let fields: Vec<_> = errors.fields.iter().map(|f| f.field.as_str()).collect();
    /// assert_eq!(fields, ["customer_profile.age", "customer_profile.employment_status"]);
    /// ```
    pub fn from_value(value: &Value) -> Result<Self, ValidationErrors> {
        Self::from_value_for(value, CreditPolicy::shipped())
    }

    /// [`from_value`](Self::from_value) with the products of `policy`: a
    /// `product_type` it does not define is reported with the others.
    pub fn from_value_for(value: &Value, policy: &CreditPolicy) -> Result<Self, ValidationErrors> {
        let mut errors = Vec::new();
        let Value::Object(map) = value else {
            errors.push(FieldError::new(
                "",
                format!("a request must be a JSON object, got {value}"),
            ));
            return Err(ValidationErrors { fields: errors });
        };

        let mut r = FieldReader {
            map,
            prefix: "",
            errors: &mut errors,
        };
        let request_id = r.optional_string("request_id");
        let profile_value = r.required("customer_profile");
        let product_type = r.product("product_type", policy);
        let requested_amount = r.number("requested_amount", rules::REQUESTED_AMOUNT);
        let requested_installments = match r.get("requested_installments") {
            None => Some(DEFAULT_INSTALLMENTS),
            Some(v) => r.integer_value("requested_installments", v, rules::REQUESTED_INSTALLMENTS),
        };
        let purpose = r.optional_string("purpose");
        r.unknown_fields(REQUEST_FIELDS);

        let profile = profile_value.and_then(|v| parse_profile(v, &mut errors));

        let build = || -> Option<CreditRequest> {
            Some(CreditRequest {
                request_id: request_id.clone().ok()?.unwrap_or_else(generate_request_id),
                customer_profile: profile.clone()?,
                product_type: product_type?,
                requested_amount: requested_amount?,
                requested_installments: requested_installments?,
                purpose: purpose.clone().ok()?,
            })
        };
        match build() {
            Some(request) if errors.is_empty() => Ok(request),
            _ => {
                // Sort by the order of the fields in SPEC §2 so reports are stable.
                errors.sort_by_key(|e| field_rank(&e.field));
                Err(ValidationErrors { fields: errors })
            }
        }
    }

    /// Parse and validate one JSON request text.
    ///
    /// Numbers too large for `f64` (e.g. `1e999`) are reported on their field.
    ///
    /// ```
    /// use credit_pipeline::request::{CreditRequest, RequestError};
    ///
    /// let err = CreditRequest::from_json_str("{\"product_type\": \"boat\"").unwrap_err();
    /// assert!(matches!(err, RequestError::Json { .. }));
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, RequestError> {
        Self::from_json_str_for(text, CreditPolicy::shipped())
    }

    /// [`from_json_str`](Self::from_json_str) with the products of `policy`.
    pub fn from_json_str_for(text: &str, policy: &CreditPolicy) -> Result<Self, RequestError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value: Value = match serde_path_to_error::deserialize(&mut de) {
            Ok(v) => v,
            Err(err) => {
                let path = err.path().to_string();
                let inner = err.into_inner();
                // A number too large for f64 is a property of its field; any other
                // error (syntax, truncation) is about the text as a whole.
                let out_of_range = inner.to_string().starts_with("number out of range");
                if out_of_range && path != "." && !path.contains('?') {
                    return Err(ValidationErrors {
                        fields: vec![FieldError::new(
                            path,
                            format!("must be a finite number: {inner}"),
                        )],
                    }
                    .into());
                }
                return Err(RequestError::Json {
                    line: inner.line(),
                    column: inner.column(),
                    message: json_error_message(&inner),
                });
            }
        };
        if let Err(err) = de.end() {
            return Err(RequestError::Json {
                line: err.line(),
                column: err.column(),
                message: err.to_string(),
            });
        }
        Ok(Self::from_value_for(&value, policy)?)
    }

    /// Check the SPEC §2 rules on an already typed request (for requests built
    /// in code). Every violation is reported.
    ///
    /// ```
    /// # use credit_pipeline::request::CreditRequest;
    /// # let json = r#"{"customer_profile": {"customer_id": "C", "age": 35,
    /// #   "employment_status": "employed", "income": 8500.0, "time_at_job_months": 48,
    /// #   "has_bank_account": true, "has_bacen_restriction": false,
    /// #   "num_credit_inquiries": 2, "num_existing_loans": 1,
    /// #   "debt_to_income_ratio": 0.25, "credit_score": 780},
    /// #   "product_type": "personal_loan", "requested_amount": 25000.0}"#;
    /// let mut request = CreditRequest::from_json_str(json).unwrap();
    /// request.customer_profile.income = f64::NAN;
    /// request.requested_installments = 0;
    /// let errors = request.validate().unwrap_err();
    /// assert_eq!(errors.fields.len(), 2);
    /// ```
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_for(CreditPolicy::shipped())
    }

    /// [`validate`](Self::validate) with the products of `policy`.
    pub fn validate_for(&self, policy: &CreditPolicy) -> Result<(), ValidationErrors> {
        let p = &self.customer_profile;
        let integers: [(&str, u32, Rule); 6] = [
            ("customer_profile.age", p.age, rules::AGE),
            (
                "customer_profile.time_at_job_months",
                p.time_at_job_months,
                rules::TIME_AT_JOB_MONTHS,
            ),
            (
                "customer_profile.num_credit_inquiries",
                p.num_credit_inquiries,
                rules::COUNT,
            ),
            (
                "customer_profile.num_existing_loans",
                p.num_existing_loans,
                rules::COUNT,
            ),
            (
                "customer_profile.credit_score",
                p.credit_score,
                rules::CREDIT_SCORE,
            ),
            (
                "requested_installments",
                self.requested_installments,
                rules::REQUESTED_INSTALLMENTS,
            ),
        ];
        let numbers: [(&str, f64, Rule); 3] = [
            ("customer_profile.income", p.income, rules::INCOME),
            (
                "customer_profile.debt_to_income_ratio",
                p.debt_to_income_ratio,
                rules::DEBT_TO_INCOME_RATIO,
            ),
            (
                "requested_amount",
                self.requested_amount,
                rules::REQUESTED_AMOUNT,
            ),
        ];
        let mut errors: Vec<FieldError> =
            integers
                .iter()
                .filter_map(|(f, v, r)| r.check_integer(*v).err().map(|m| FieldError::new(*f, m)))
                .chain(numbers.iter().filter_map(|(f, v, r)| {
                    r.check_number(*v).err().map(|m| FieldError::new(*f, m))
                }))
                .collect();
        if policy.product(&self.product_type).is_none() {
            errors.push(FieldError::new(
                "product_type",
                unknown_product(&format!("{:?}", self.product_type.as_str()), policy),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            errors.sort_by_key(|e| field_rank(&e.field));
            Err(ValidationErrors { fields: errors })
        }
    }
}

/// The message for a product the policy does not define.
pub(crate) fn unknown_product(shown: &str, policy: &CreditPolicy) -> String {
    let ids: Vec<&str> = policy.products().iter().map(|p| p.id.as_str()).collect();
    format!("unknown value {shown}; expected one of {}", ids.join(", "))
}

/// Position of a field in SPEC §2 order (unknown fields last).
fn field_rank(field: &str) -> usize {
    let top = |name: &str| REQUEST_FIELDS.iter().position(|f| *f == name);
    if let Some(rest) = field.strip_prefix("customer_profile.") {
        let base = top("customer_profile").unwrap_or(0) * 100;
        return base + PROFILE_FIELDS.iter().position(|f| *f == rest).unwrap_or(99);
    }
    top(field).map_or(10_000, |i| i * 100)
}

impl<'de> Deserialize<'de> for CreditRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        CreditRequest::from_value(&value).map_err(serde::de::Error::custom)
    }
}
