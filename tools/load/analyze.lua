-- wrk script: POST one credit request per call to /api/credit/analyze. No request_id, so
-- every call is a new decision (generated REQ-<uuid>) and, with a store, a new row.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"customer_profile": {"customer_id": "CUST-094", "age": 35,
  "employment_status": "employed", "income": 5500, "time_at_job_months": 111,
  "has_bank_account": true, "has_bacen_restriction": false, "num_credit_inquiries": 0,
  "num_existing_loans": 3, "debt_to_income_ratio": 0.31, "credit_score": 825},
  "product_type": "personal_loan", "requested_amount": 10000, "requested_installments": 24}]]

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
