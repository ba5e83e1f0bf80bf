//! Header recognition: UCI names (`LIMIT_BAL`, `PAY_0`, ...), UCI's anonymous
//! `X1..X23, Y` names, Kaggle's label name and the seed's Portuguese names
//! (`limite_credito`, `status_pag_set`, ..., `is_inadimplente`).

use crate::FeatureError;

/// A column the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Client identifier (optional).
    Id,
    /// Credit limit.
    LimitBal,
    /// Repayment status of month `i` (0 = September .. 5 = April).
    PayStatus(usize),
    /// Bill amount of month `i`.
    BillAmt(usize),
    /// Payment amount of month `i`.
    PayAmt(usize),
    /// Default label (optional).
    Label,
}

const PAY_UCI: [&str; 6] = ["pay_0", "pay_2", "pay_3", "pay_4", "pay_5", "pay_6"];
const PAY_PT: [&str; 6] = [
    "status_pag_set",
    "status_pag_ago",
    "status_pag_jul",
    "status_pag_jun",
    "status_pag_mai",
    "status_pag_abr",
];

impl Column {
    /// Canonical (UCI) name of the column.
    pub fn canonical(self) -> String {
        match self {
            Column::Id => "ID".into(),
            Column::LimitBal => "LIMIT_BAL".into(),
            Column::PayStatus(i) => PAY_UCI[i].to_uppercase(),
            Column::BillAmt(i) => format!("BILL_AMT{}", i + 1),
            Column::PayAmt(i) => format!("PAY_AMT{}", i + 1),
            Column::Label => "default payment next month".into(),
        }
    }

    /// Every accepted header name (lower case).
    pub fn aliases(self) -> Vec<String> {
        match self {
            Column::Id => vec!["id".into(), "cliente_id".into(), "client_id".into()],
            Column::LimitBal => vec!["limit_bal".into(), "limite_credito".into(), "x1".into()],
            Column::PayStatus(i) => {
                vec![PAY_UCI[i].into(), PAY_PT[i].into(), format!("x{}", 6 + i)]
            }
            Column::BillAmt(i) => vec![format!("bill_amt{}", i + 1), format!("x{}", 12 + i)],
            Column::PayAmt(i) => vec![format!("pay_amt{}", i + 1), format!("x{}", 18 + i)],
            Column::Label => vec![
                "default payment next month".into(),
                "default.payment.next.month".into(),
                "default_payment_next_month".into(),
                "is_inadimplente".into(),
                "y".into(),
            ],
        }
    }

    fn required() -> Vec<Column> {
        let mut cols = vec![Column::LimitBal];
        cols.extend((0..6).map(Column::PayStatus));
        cols.extend((0..6).map(Column::BillAmt));
        cols.extend((0..6).map(Column::PayAmt));
        cols
    }
}

/// Where each understood column sits in a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// Position of the ID column, if any.
    pub id: Option<usize>,
    /// Position of the credit limit.
    pub limit_bal: usize,
    /// Positions of the six repayment statuses.
    pub pay_status: [usize; 6],
    /// Positions of the six bill amounts.
    pub bill_amt: [usize; 6],
    /// Positions of the six payment amounts.
    pub pay_amt: [usize; 6],
    /// Position of the label, if any.
    pub label: Option<usize>,
    /// The header cells as written (used to name columns in errors).
    pub names: Vec<String>,
}

impl ColumnMap {
    /// Recognise a header row. `line` is its 1-based line number (for errors).
    ///
    /// ```
    /// use risk_features::ColumnMap;
    /// let mut header = vec!["limite_credito".to_string()];
    /// for m in ["set", "ago", "jul", "jun", "mai", "abr"] {
    ///     header.push(format!("status_pag_{m}"));
    /// }
    /// for i in 1..=6 { header.push(format!("bill_amt{i}")); }
    /// for i in 1..=6 { header.push(format!("pay_amt{i}")); }
    /// header.push("is_inadimplente".into());
    /// let map = ColumnMap::from_header(&header, 1)?;
    /// assert_eq!(map.pay_status[0], 1);
    /// assert_eq!(map.label, Some(19));
    /// assert_eq!(map.id, None);
    /// # Ok::<(), risk_features::FeatureError>(())
    /// ```
    pub fn from_header<S: AsRef<str>>(header: &[S], line: u64) -> Result<Self, FeatureError> {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.as_ref().trim().to_string())
            .collect();
        let lower: Vec<String> = names
            .iter()
            .map(|n| n.trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let find = |col: Column| -> Option<usize> {
            let aliases = col.aliases();
            lower.iter().position(|h| aliases.iter().any(|a| a == h))
        };
        let need = |col: Column| -> Result<usize, FeatureError> {
            find(col).ok_or_else(|| FeatureError::MissingColumn {
                line,
                column: leak_name(col),
                accepted: col.aliases().join(", "),
            })
        };
        for col in Column::required() {
            need(col)?;
        }
        let mut pay_status = [0; 6];
        let mut bill_amt = [0; 6];
        let mut pay_amt = [0; 6];
        for i in 0..6 {
            pay_status[i] = need(Column::PayStatus(i))?;
            bill_amt[i] = need(Column::BillAmt(i))?;
            pay_amt[i] = need(Column::PayAmt(i))?;
        }
        Ok(ColumnMap {
            id: find(Column::Id),
            limit_bal: need(Column::LimitBal)?,
            pay_status,
            bill_amt,
            pay_amt,
            label: find(Column::Label),
            names,
        })
    }

    /// The header text of column `pos` (or its position when unnamed).
    pub fn name(&self, pos: usize) -> String {
        self.names
            .get(pos)
            .cloned()
            .unwrap_or_else(|| format!("#{}", pos + 1))
    }

    /// The widest position the map reads (a row must have more cells than this).
    pub fn max_position(&self) -> usize {
        let mut m = self.limit_bal;
        for p in self
            .pay_status
            .iter()
            .chain(&self.bill_amt)
            .chain(&self.pay_amt)
            .chain(self.id.iter())
            .chain(self.label.iter())
        {
            m = m.max(*p);
        }
        m
    }
}

/// Canonical names as `'static` strings for the error type.
fn leak_name(col: Column) -> &'static str {
    const BILL: [&str; 6] = [
        "BILL_AMT1",
        "BILL_AMT2",
        "BILL_AMT3",
        "BILL_AMT4",
        "BILL_AMT5",
        "BILL_AMT6",
    ];
    const PAYAMT: [&str; 6] = [
        "PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6",
    ];
    const PAY: [&str; 6] = ["PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"];
    match col {
        Column::Id => "ID",
        Column::LimitBal => "LIMIT_BAL",
        Column::PayStatus(i) => PAY[i.min(5)],
        Column::BillAmt(i) => BILL[i.min(5)],
        Column::PayAmt(i) => PAYAMT[i.min(5)],
        Column::Label => "default payment next month",
    }
}
