//! Retries under injected faults, idempotent bulk retries, timeouts and aborts.

use js_sys::{Array, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{abort_later, abortable, emulator, err, get, json, now, ok, project, text};

const LIST: &str = "GET /projects/{projectId}/sequences";
const BULK: &str = "POST /projects/{projectId}/sequencesBulkUpdates";

#[wasm_bindgen_test]
async fn server_errors_are_retried_until_success() {
    let p = project(0).await;
    p.seed(1, 1, "r-").await;
    p.faults(
        r#"[{"fault": "status", "status": 503, "rate": 1, "times": 2, "projectId": "$PROJECT"}]"#,
    )
    .await;
    let page = ok(p
        .sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED))
    .await;
    assert_eq!(Array::from(&get(&page, "data")).length(), 1);
    assert_eq!(p.requests(LIST).await.1, 3, "two 503s, then the answer");
}

#[wasm_bindgen_test]
async fn max_retries_zero_surfaces_the_first_failure() {
    let p = project(0).await;
    p.faults(
        r#"[{"fault": "status", "status": 503, "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#,
    )
    .await;
    let sequences = p.sequences_with(&format!(
        r#"{{"endpoint": "{}", "maxRetries": 0}}"#,
        emulator()
    ));
    let error =
        err(sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&error, "name"), "ServiceUnavailableError");
    assert_eq!(get(&error, "status").as_f64(), Some(503.0));
    assert_eq!(text(&error, "code"), "ServiceUnavailableError");
    assert_eq!(p.requests(LIST).await.1, 1);
}

#[wasm_bindgen_test]
async fn too_many_requests_honours_retry_after() {
    let p = project(0).await;
    p.faults(r#"[{"fault": "tooManyRequests", "retryAfterSeconds": 1, "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#)
        .await;
    let started = now();
    ok(p.sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED))
    .await;
    let waited = now() - started;
    assert!(waited >= 950.0, "waited only {waited} ms");
    assert_eq!(p.requests(LIST).await.1, 2);
}

#[wasm_bindgen_test]
async fn connection_resets_are_retried() {
    let p = project(0).await;
    p.faults(r#"[{"fault": "reset", "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#)
        .await;
    ok(p.sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED))
    .await;
    assert_eq!(p.requests(LIST).await.1, 2);
}

#[wasm_bindgen_test]
async fn bulk_retry_after_commit_is_applied_once() {
    let p = project(0).await;
    p.seed(1, 1, "once-").await;
    p.faults(r#"[{"fault": "resetAfterCommit", "rate": 1, "times": 1, "methods": ["POST"], "projectId": "$PROJECT"}]"#)
        .await;
    // Removing by name is not idempotent by itself: a second application would report
    // FailedRemoveSequenceSequenceNotFound. The shared Idempotency-Key makes the retry a replay.
    let result = ok(p.sequences().bulk_update(
        json(r#"[{"sequence_name": "once-0"}]"#),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        String::from(JSON::stringify(&result).unwrap()),
        r#"{"actions":["Ok"]}"#
    );
    assert_eq!(
        p.requests(BULK).await.1,
        2,
        "committed, connection dropped, retried"
    );
    let page = ok(p
        .sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED))
    .await;
    assert_eq!(Array::from(&get(&page, "data")).length(), 0);
}

#[wasm_bindgen_test]
async fn caller_idempotency_key_replays_across_calls() {
    let p = project(0).await;
    p.seed(1, 1, "idem-").await;
    let options = json(&format!(r#"{{"idempotencyKey": "key-{}"}}"#, p.id));
    let actions = r#"[{"sequenceName": "idem-0"}]"#;
    let first = ok(p
        .sequences()
        .bulk_update(json(actions), JsValue::UNDEFINED, options.clone()))
    .await;
    let second = ok(p
        .sequences()
        .bulk_update(json(actions), JsValue::UNDEFINED, options))
    .await;
    assert_eq!(
        JSON::stringify(&first).unwrap(),
        JSON::stringify(&second).unwrap()
    );
    assert_eq!(
        String::from(JSON::stringify(&second).unwrap()),
        r#"{"actions":["Ok"]}"#
    );
}

#[wasm_bindgen_test]
async fn slow_responses_time_out() {
    let p = project(0).await;
    p.faults(r#"[{"fault": "delay", "ms": 1500, "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#)
        .await;
    let started = now();
    let error = err(p.sequences().list(
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
        json(r#"{"timeoutMs": 200, "maxRetries": 0}"#),
    ))
    .await;
    assert_eq!(text(&error, "name"), "RequestTimeoutError");
    assert!(get(&error, "status").is_null());
    assert!(now() - started < 1200.0, "gave up at the timeout");

    // The delay fired once; with a retry the second attempt answers.
    p.faults(r#"[{"fault": "delay", "ms": 1500, "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#)
        .await;
    ok(p.sequences().list(
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
        json(r#"{"timeoutMs": 300, "maxRetries": 1}"#),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn an_aborted_signal_sends_nothing() {
    let p = project(0).await;
    let (controller, options) = abortable("{}");
    controller.abort();
    let error = err(p
        .sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, options))
    .await;
    assert_eq!(text(&error, "name"), "AbortError");
    assert_eq!(p.requests("").await.0, 0);
}

#[wasm_bindgen_test]
async fn aborting_in_flight_rejects_at_once_without_retry() {
    let p = project(0).await;
    p.faults(r#"[{"fault": "delay", "ms": 3000, "rate": 1, "times": 1, "projectId": "$PROJECT"}]"#)
        .await;
    let (controller, options) = abortable("{}");
    abort_later(&controller, 100.0);
    let started = now();
    let error = err(p
        .sequences()
        .list(JsValue::UNDEFINED, JsValue::UNDEFINED, options))
    .await;
    assert_eq!(text(&error, "name"), "AbortError");
    assert!(now() - started < 2000.0, "rejected at once");
    assert_eq!(p.requests(LIST).await.1, 1, "never retried");
}

#[wasm_bindgen_test]
async fn the_client_signal_applies_to_every_call() {
    let p = project(0).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = json(&format!(r#"{{"endpoint": "{}"}}"#, emulator()));
    js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let client = nexus_sequences::Client::new(JsValue::from_str(&p.key), options).unwrap();
    let sequences = client
        .get_project(JsValue::from_str(&p.id))
        .unwrap()
        .sequences();
    ok(sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    controller.abort();
    let error =
        err(sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&error, "name"), "AbortError");
    assert_eq!(p.requests(LIST).await.1, 1);
}
