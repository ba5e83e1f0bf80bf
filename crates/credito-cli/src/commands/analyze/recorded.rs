//! `credito analyze --store`: the batch decided and kept like the service does, many lines in
//! flight at once so the store commits them in batches; output stays in input order.

use std::io::{BufRead, Write};
use std::sync::Arc;

use credit_pipeline::pipeline::CreditPipeline;
use credito_api::recorded::{analyze_recorded, RecordedError};
use decision_store::DecisionStore;

use super::super::jsonl::lines;
use super::super::progress::ProgressBar;
use super::super::CliError;
use super::{line_error, plain_error, write_line, StreamSummary};

/// Lines decided concurrently.
const IN_FLIGHT: usize = 256;

/// Analyze and keep every line of `input`, writing one line to `output` per request.
pub(crate) async fn analyze_stream_recorded(
    pipeline: Arc<CreditPipeline>,
    store: Arc<dyn DecisionStore>,
    input: impl BufRead,
    output: &mut impl Write,
) -> Result<StreamSummary, CliError> {
    let mut summary = StreamSummary {
        lines: 0,
        failed: 0,
    };
    let mut bar = ProgressBar::new("analyzed and stored", None);
    let mut pending = Vec::with_capacity(IN_FLIGHT);
    let mut all = lines(input).peekable();
    while all.peek().is_some() {
        pending.clear();
        for line in all.by_ref().take(IN_FLIGHT) {
            let line = line?;
            let (pipeline, store) = (pipeline.clone(), store.clone());
            let number = line.number;
            let task = tokio::spawn(async move {
                match line.text {
                    Ok(text) => Ok(analyze_recorded(&pipeline, store.as_ref(), &text).await),
                    Err(not_utf8) => Err(not_utf8),
                }
            });
            pending.push((number, task));
        }
        for (number, task) in pending.drain(..) {
            summary.lines += 1;
            let outcome = task
                .await
                .map_err(|e| CliError(format!("line {number}: {e}")))?;
            match outcome {
                Ok(Ok(result)) => write_line(output, number, &result)?,
                Ok(Err(RecordedError::Pipeline(err))) => {
                    summary.failed += 1;
                    write_line(output, number, &line_error(number, &err))?
                }
                Ok(Err(err @ (RecordedError::Store(_) | RecordedError::Encode(_)))) => {
                    summary.failed += 1;
                    write_line(output, number, &plain_error(number, &err))?
                }
                Err(not_utf8) => {
                    summary.failed += 1;
                    write_line(output, number, &plain_error(number, &not_utf8))?
                }
            }
            bar.set(summary.lines);
        }
    }
    bar.finish(summary.lines);
    Ok(summary)
}
