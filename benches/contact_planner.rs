//! Criterion benchmark of the contact planner (issue target: one million clients planned in
//! under 10 s on 2 cores).
//!
//! A seeded synthetic portfolio: one million clients spread over every UF (so every Brazilian
//! time zone), each with the channels of its segment's seed policy, one in twenty with an
//! opt-out, one in fifty with a debt older than five years; and a ledger of two million attempts
//! over the last ten days (no answers, conversations, promises, payments, refusals). The
//! benchmark plans all of it on every core and encodes each line as JSON (what `credito plan`
//! writes), to a sink; a second one plans a single client with a busy ledger.
//!
//! Run with `cargo bench --bench contact_planner`.

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use credito::collections::plan::write_plan;
use credito::contact_planner::input::Ledger;
use credito::contact_planner::{
    Attempt, Channel, Client, ContactPlanner, Outcome, PackPlanner, RulePack, Zone,
};
use criterion::{criterion_group, criterion_main, Criterion};

const CLIENTS: usize = 1_000_000;
const ATTEMPTS_PER_CLIENT: usize = 2;

/// The channels of the seed policy's four segments (SPEC §7).
const SEGMENT_CHANNELS: [&[Channel]; 4] = [
    &[Channel::Email],
    &[Channel::Whatsapp, Channel::Email],
    &[
        Channel::Whatsapp,
        Channel::Email,
        Channel::Sms,
        Channel::Phone,
    ],
    &[Channel::Phone, Channel::Whatsapp],
];

/// A small deterministic generator (SplitMix64), so every run plans the same portfolio.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn portfolio(now: DateTime<Utc>) -> (Vec<Client>, Ledger) {
    let mut rng = SplitMix(42);
    let mut clients = Vec::with_capacity(CLIENTS);
    let mut ledger = Ledger::default();
    let states: Vec<&str> = credito::contact_planner::states().collect();
    let outcomes = [
        Outcome::NoAnswer,
        Outcome::NoAnswer,
        Outcome::NoAnswer,
        Outcome::Conversation,
        Outcome::Promise,
        Outcome::Paid,
        Outcome::Refused,
    ];
    for i in 0..CLIENTS {
        let uf = states[rng.below(states.len() as u64) as usize];
        let channels = SEGMENT_CHANNELS[rng.below(4) as usize].to_vec();
        let opt_out = if rng.below(20) == 0 {
            vec![channels[0]]
        } else {
            Vec::new()
        };
        let debt_days = if rng.below(50) == 0 { 2_000 } else { 400 };
        let id = format!("C{i:07}");
        for _ in 0..ATTEMPTS_PER_CLIENT {
            let outcome = outcomes[rng.below(outcomes.len() as u64) as usize];
            let at = now - Duration::minutes(rng.below(10 * 24 * 60) as i64 + 1);
            let promised_date = (outcome == Outcome::Promise)
                .then(|| (at + Duration::days(rng.below(10) as i64)).date_naive());
            ledger.push(
                &id,
                Attempt {
                    channel: channels[rng.below(channels.len() as u64) as usize],
                    at,
                    outcome,
                    promised_date,
                    amount: None,
                },
            );
        }
        clients.push(Client {
            id,
            region: Some(uf.to_string()),
            zone: Zone::of_state(uf).expect("every UF has a zone"),
            channels,
            opt_out,
            debt_since: Some(now.date_naive() - Duration::days(debt_days)),
        });
    }
    (clients, ledger)
}

fn planner(c: &mut Criterion) {
    // A Monday at 09:30 in Brasília: most windows open, caps and cool-offs in play.
    let now: DateTime<Utc> = "2026-12-07T12:30:00Z".parse().expect("an RFC 3339 instant");
    let (clients, ledger) = portfolio(now);
    let planner = PackPlanner::new(RulePack::br());

    let mut group = c.benchmark_group("contact_planner");
    group.sample_size(10);
    group.bench_function("plan_1m_clients_2m_attempts_jsonl", |b| {
        b.iter(|| {
            let summary = write_plan(
                &planner,
                black_box(&clients),
                &ledger,
                now,
                &mut std::io::sink(),
                &mut |_| {},
            )
            .expect("a sink never fails");
            assert_eq!(summary.clients, CLIENTS);
            summary.lines
        })
    });
    group.finish();

    let busy = Client {
        id: "busy".into(),
        region: Some("AM".into()),
        zone: Zone::of_state("AM").expect("AM has a zone"),
        channels: SEGMENT_CHANNELS[2].to_vec(),
        opt_out: Vec::new(),
        debt_since: NaiveDate::from_ymd_opt(2025, 1, 10),
    };
    let history: Vec<Attempt> = (1..=6)
        .map(|d| Attempt {
            channel: SEGMENT_CHANNELS[2][d % 4],
            at: now - Duration::hours(20 * d as i64),
            outcome: Outcome::NoAnswer,
            promised_date: None,
            amount: None,
        })
        .collect();
    c.bench_function("plan_one_client_four_channels_six_attempts", |b| {
        b.iter(|| planner.plan(black_box(&busy), black_box(&history), now))
    });
}

criterion_group!(benches, planner);
criterion_main!(benches);
