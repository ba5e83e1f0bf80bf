//! Property tests of the SPEC §4.1 signals: ranges and monotonicity.

use proptest::prelude::*;
use risk_features::{AccountHistory, FeatureExtractor, UciSignals};

fn history() -> impl Strategy<Value = AccountHistory> {
    (
        0.0f64..1e6,
        prop::array::uniform6(-2i32..=9),
        prop::array::uniform6(-1e5f64..1e6),
        prop::array::uniform6(0.0f64..1e6),
    )
        .prop_map(
            |(limit_bal, pay_status, bill_amt, pay_amt)| AccountHistory {
                id: "p".into(),
                limit_bal,
                pay_status,
                bill_amt,
                pay_amt,
                default_next_month: None,
            },
        )
}

proptest! {
    #[test]
    fn signals_stay_in_range(h in history()) {
        let s = UciSignals.extract(&h);
        prop_assert!((0.0..=6.0 * 81.0).contains(&s.score_gravidade));
        prop_assert!((0.0..=6.0).contains(&s.freq_atrasos));
        prop_assert!((0.0..=1.5).contains(&s.taxa_uso_limite));
        prop_assert!((0.0..=1.0).contains(&s.razao_pagamento_6m));
        prop_assert_eq!(s.limite_credito, h.limit_bal);
        prop_assert!(s.score_gravidade >= s.freq_atrasos);
    }

    #[test]
    fn a_longer_delay_never_lowers_severity(h in history(), month in 0usize..6) {
        let before = UciSignals.extract(&h);
        let mut worse = h.clone();
        worse.pay_status[month] = (worse.pay_status[month] + 1).min(9);
        let after = UciSignals.extract(&worse);
        prop_assert!(after.score_gravidade >= before.score_gravidade);
        prop_assert!(after.freq_atrasos >= before.freq_atrasos);
    }

    #[test]
    fn paying_more_never_lowers_the_payment_ratio(h in history(), extra in 0.0f64..1e5, month in 0usize..6) {
        let before = UciSignals.extract(&h);
        let mut better = h.clone();
        better.pay_amt[month] += extra;
        prop_assert!(UciSignals.extract(&better).razao_pagamento_6m >= before.razao_pagamento_6m);
    }

    #[test]
    fn a_higher_bill_never_lowers_usage(h in history(), extra in 0.0f64..1e5) {
        let before = UciSignals.extract(&h);
        let mut more = h.clone();
        more.bill_amt[0] += extra;
        prop_assert!(UciSignals.extract(&more).taxa_uso_limite >= before.taxa_uso_limite);
    }
}
