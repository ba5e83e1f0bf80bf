//! # risk-features
//!
//! Account history → collection risk signals (SPEC §4.1).
//!
//! * [`open`] / [`HistoryReader`] stream [`AccountHistory`] records from the UCI
//!   "default of credit card clients" layout (or the seed's Portuguese column
//!   names) stored as CSV, gzipped CSV or the original UCI `.xls` workbook.
//! * [`FeatureExtractor`] turns one history into [`RiskSignals`];
//!   [`UciSignals`] is the default implementation.
//!
//! A bad cell is an error naming the line, the column and the value; rows are
//! never dropped and values never silently become zero.
//!
//! ```
//! use risk_features::{FeatureExtractor, HistoryReader, UciSignals};
//!
//! let csv = "ID,LIMIT_BAL,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,\
//! BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,\
//! PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month\n\
//! 7,50000,2,2,0,0,-1,-1,25000,0,0,0,0,0,5000,0,0,0,0,0,1\n";
//! let reader = HistoryReader::from_csv(csv.as_bytes())?;
//! let rows: Vec<_> = reader.collect::<Result<_, _>>()?;
//! let signals = UciSignals.extract(&rows[0]);
//! assert_eq!(signals.score_gravidade, 8.0);
//! assert_eq!(signals.freq_atrasos, 2.0);
//! assert_eq!(signals.taxa_uso_limite, 0.5);
//! assert_eq!(signals.razao_pagamento_6m, 0.2);
//! assert_eq!(rows[0].default_next_month, Some(true));
//! # Ok::<(), risk_features::FeatureError>(())
//! ```

#![deny(missing_docs)]

mod columns;
mod error;
mod history;
mod parse;
mod reader;
mod roll_rates;
mod signals;
mod xls;

pub use columns::{Column, ColumnMap};
pub use error::FeatureError;
pub use history::AccountHistory;
pub use parse::{DecimalMark, MAX_AMOUNT};
pub use reader::{detect_delimiter, open, open_with, HistoryReader, InputFormat, ReadOptions};
pub use roll_rates::{Bucket, RollRates};
pub use signals::{FeatureExtractor, RiskSignals, UciSignals, SIGNAL_NAMES};
