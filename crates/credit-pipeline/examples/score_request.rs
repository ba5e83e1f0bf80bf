//! What a service embedding only `credit-pipeline` compiles: read one credit
//! request (JSON) from the file named on the command line, or the SPEC §6
//! sample customer when none is given, and print the explained decision.
//!
//! ```sh
//! cargo run --release -p credit-pipeline --example score_request -- request.json
//! ```

use credit_pipeline::request::{CreditRequest, CustomerProfile, ProductType};
use credit_pipeline::CreditPipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = match std::env::args_os().nth(1) {
        Some(path) => CreditRequest::from_json_str(&std::fs::read_to_string(path)?)?,
        None => CreditRequest {
            request_id: "REQ-EXAMPLE".into(),
            customer_profile: CustomerProfile::example("CUST-001"),
            product_type: ProductType::PERSONAL_LOAN,
            requested_amount: 15_000.0,
            requested_installments: 36,
            purpose: None,
        },
    };
    let analysis = CreditPipeline::builder().build()?.analyze(&request)?;
    println!("{}", serde_json::to_string_pretty(&analysis)?);
    Ok(())
}
