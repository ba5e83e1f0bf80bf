//! Segment the shipped UCI portfolio, print the validation table, save the
//! model and assign three new clients with it.
//!
//! `cargo run --release --example segment_portfolio [-- OUT_MODEL.json]`

use credito::risk_features::{self, AccountHistory, FeatureExtractor, UciSignals};
use credito::segmentation::{KMeansSegmenter, SegmentationModel, Segmenter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/uci_credit_card_default.csv.gz"
    );
    let rows: Vec<AccountHistory> = risk_features::open(path)?.collect::<Result<_, _>>()?;
    let signals: Vec<_> = rows.iter().map(|h| UciSignals.extract(h)).collect();
    let labels: Vec<bool> = rows
        .iter()
        .map(|h| h.default_next_month == Some(true))
        .collect();

    let fit = KMeansSegmenter::default().fit(&signals, Some(&labels))?;
    let r = &fit.report;
    println!(
        "{} clients, silhouette {:.4}, AUC {:.4}, default rate rising: {:?}",
        r.rows,
        r.silhouette.unwrap_or(f64::NAN),
        r.auc.unwrap_or(f64::NAN),
        r.monotonic_default
    );
    println!("segment   size  default  mean score_gravidade  mean taxa_uso_limite");
    for s in &r.segments {
        println!(
            "{:>7} {:>6}  {:>7.3}  {:>20.2}  {:>19.3}",
            s.segment,
            s.size,
            s.default_rate.unwrap_or(f64::NAN),
            s.means["score_gravidade"],
            s.means["taxa_uso_limite"]
        );
    }

    let out = std::env::args().nth(1).unwrap_or_else(|| {
        std::env::temp_dir()
            .join("segmentation_model.json")
            .display()
            .to_string()
    });
    fit.model.save(&out)?;
    let model = SegmentationModel::load(&out)?;
    println!("model saved to {out}");

    let new_clients = [
        (
            "paid duly, low usage",
            [-1, -1, -1, -1, -1, -1],
            5_000.0,
            5_000.0,
            300_000.0,
        ),
        (
            "revolving, high usage",
            [0, 0, 0, 0, 0, 0],
            88_000.0,
            3_000.0,
            90_000.0,
        ),
        (
            "three months late",
            [3, 2, 2, 0, 0, 0],
            48_000.0,
            0.0,
            50_000.0,
        ),
    ];
    for (name, pay, bill, paid, limit) in new_clients {
        let h = AccountHistory {
            id: name.into(),
            limit_bal: limit,
            pay_status: pay,
            bill_amt: [bill; 6],
            pay_amt: [paid; 6],
            default_next_month: None,
        };
        let segment = model.assign(&[UciSignals.extract(&h)])?[0];
        println!("{name:<24} -> segment {segment}");
    }
    Ok(())
}
