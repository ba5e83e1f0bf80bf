//! `credito` — the command line of the credito toolkit.
//!
//! Each subcommand lives in its own module under `commands/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

/// mimalloc: the service allocates on request threads and frees on the store's writer (and the
/// other way round), which glibc's allocator handles poorly; measured in docs/benchmarks.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Explainable credit granting and collections for Brazilian lenders.
#[derive(Debug, Parser)]
#[command(name = "credito", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Segment a portfolio by collection risk (fit, or assign with a saved model).
    Segment(commands::segment::SegmentArgs),
    /// Analyze credit requests (JSONL in, JSONL out) through the four-stage pipeline.
    Analyze(commands::analyze::AnalyzeArgs),
    /// Write a seeded synthetic training set for the approval MLP (JSONL).
    GenerateData(commands::generate_data::GenerateDataArgs),
    /// Train the approval MLP and save safetensors weights and a model card.
    Train(commands::train::TrainArgs),
    /// Write guarded collection messages (JSONL of /gerar-mensagem bodies in, responses out).
    Message(commands::message::MessageArgs),
    /// Run the HTTP service.
    Serve(commands::serve::ServeArgs),
    /// Print the shipped credit or collection policy, or check a policy file.
    Policy(commands::policy::PolicyArgs),
    /// Export the decisions kept by a store (JSONL or CSV).
    Decisions(commands::decisions::DecisionsArgs),
    /// Plan when each client may next be contacted, per channel, under a legal rule pack.
    Plan(commands::plan::PlanArgs),
    /// Collection campaigns: create (holdout and variants), send, report the uplift.
    Campaign(commands::campaign::CampaignArgs),
    /// Outcomes of collection contacts into the store's ledger.
    Outcomes(commands::outcomes::OutcomesArgs),
    /// Re-decide stored (or given) requests under a challenger policy or model and compare.
    Replay(commands::replay::ReplayArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Segment(args) => commands::segment::run(args),
        Command::Analyze(args) => commands::analyze::run(args),
        Command::GenerateData(args) => commands::generate_data::run(args),
        Command::Train(args) => commands::train::run(args),
        Command::Message(args) => commands::message::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Policy(args) => commands::policy::run(args),
        Command::Decisions(args) => commands::decisions::run(args),
        Command::Replay(args) => commands::replay::run(args),
        Command::Plan(args) => commands::plan::run(args),
        Command::Campaign(args) => commands::campaign::run(args),
        Command::Outcomes(args) => commands::outcomes::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
