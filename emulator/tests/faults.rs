//! Fault injection over real connections: statuses, 429, resets before and after commit,
//! delays, determinism under a seed, `times`, and the method and project filters.

mod common;

use common::{fetch, link_to, split, strs, Project, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn set_faults(server: &TestServer, spec: Value) -> Value {
    let (status, body) = fetch(server.raw(Method::PUT, "/_emulator/faults").json(&spec)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn list_status(server: &TestServer, project: &Project) -> Result<StatusCode, reqwest::Error> {
    server
        .req(project, Method::GET, "/sequences")
        .send()
        .await
        .map(|r| r.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_faults_fire_a_limited_number_of_times_with_json_bodies() {
    let server = TestServer::start().await;
    let project = server.project().await;
    set_faults(
        &server,
        json!({"seed": 1, "rules": [{"fault": "status", "status": 503, "rate": 1.0, "times": 2}]}),
    )
    .await;
    for _ in 0..2 {
        let resp = server
            .req(&project, Method::GET, "/sequences")
            .send()
            .await
            .unwrap();
        assert!(resp.headers().contains_key("x-request-id"));
        let (status, body) = split(resp).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["code"], "ServiceUnavailableError");
    }
    assert_eq!(
        list_status(&server, &project).await.unwrap(),
        StatusCode::OK
    );
    // Admin routes are never faulted, and report how often each rule fired.
    set_faults(
        &server,
        json!({"rules": [{"fault": "status", "status": 500}]}),
    )
    .await;
    let (status, body) = fetch(server.raw(Method::GET, "/_emulator/faults")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["rules"][0]["fired"], 0);
    let (status, body) = fetch(server.req(&project, Method::GET, "/sequences")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            Some("InternalServerError")
        )
    );
    // Neither are preflights.
    let resp = server
        .raw(
            Method::OPTIONS,
            &format!("/projects/{}/sequences", project.project_id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let (status, _) = fetch(server.raw(Method::DELETE, "/_emulator/faults")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        list_status(&server, &project).await.unwrap(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_carries_retry_after() {
    let server = TestServer::start().await;
    let project = server.project().await;
    set_faults(
        &server,
        json!({"rules": [{"fault": "tooManyRequests", "retryAfterSeconds": 7, "times": 1}]}),
    )
    .await;
    let resp = server
        .req(&project, Method::GET, "/sequences")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["retry-after"], "7");
    let (status, body) = split(resp).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("TooManyRequestsError"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_is_a_connection_failure_and_applies_nothing() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 1).await;
    set_faults(&server, json!({"rules": [{"fault": "reset", "times": 1}]})).await;
    let err = server
        .req(&project, Method::POST, "/sequencesBulkUpdates")
        .json(&json!({"actions": [link_to("image_0.jpg", "A")]}))
        .send()
        .await
        .expect_err("the connection is dropped without a response");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert!(
        server.all_sequences(&project).await.is_empty(),
        "a reset before handling applies nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_after_commit_applies_but_never_answers() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 1).await;
    set_faults(
        &server,
        json!({"rules": [{"fault": "resetAfterCommit", "methods": ["POST"], "times": 1}]}),
    )
    .await;
    let body = json!({"actions": [link_to("image_0.jpg", "A")]});
    let sent = server
        .req(&project, Method::POST, "/sequencesBulkUpdates")
        .header("Idempotency-Key", "retry-me")
        .json(&body)
        .send()
        .await;
    assert!(sent.is_err(), "no response: {sent:?}");
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(seq["length"], 1, "the change was committed");
    // A retry with the same key gets the stored answer.
    let resp = server
        .req(&project, Method::POST, "/sequencesBulkUpdates")
        .header("Idempotency-Key", "retry-me")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["idempotent-replayed"], "true");
    assert_eq!(split(resp).await.1, json!({"actions": ["Ok"]}));
}

/// Sends a keyed request; returns status, body and whether it was a replay.
async fn keyed(
    server: &TestServer,
    project: &Project,
    method: Method,
    id: &str,
    key: &str,
    body: Option<&Value>,
) -> Result<(StatusCode, Value, bool), reqwest::Error> {
    let mut request = server
        .seq_req(project, method, id)
        .header("Idempotency-Key", key);
    if let Some(body) = body {
        request = request.json(body);
    }
    let resp = request.send().await?;
    let replayed = resp
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let (status, body) = split(resp).await;
    Ok((status, body, replayed))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_retried_after_its_answer_was_lost_gets_the_original_200() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 2).await;
    server
        .link_all(&project, &[("image_0.jpg", "A"), ("image_1.jpg", "B")])
        .await;
    let a = server.sequence_named(&project, "A").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = server.sequence_named(&project, "B").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    set_faults(
        &server,
        json!({"rules": [{"fault": "resetAfterCommit", "methods": ["DELETE"], "times": 1}]}),
    )
    .await;
    let lost = keyed(&server, &project, Method::DELETE, &a, "del-a", None).await;
    assert!(lost.is_err(), "no answer: {lost:?}");
    assert_eq!(server.all_sequences(&project).await.len(), 1, "A is gone");

    let retried = keyed(&server, &project, Method::DELETE, &a, "del-a", None).await;
    let expected = json!({"deleted": true, "id": a});
    assert_eq!(retried.unwrap(), (StatusCode::OK, expected.clone(), true));
    // The same key for another sequence is another request; without a key, a plain 404.
    let (status, body, _) = keyed(&server, &project, Method::DELETE, &b, "del-a", None)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "IdempotencyKeyReusedError");
    let (status, _) = fetch(server.seq_req(&project, Method::DELETE, &a)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A 404 is not recorded: the key stays usable for the same request.
    let (status, _, _) = keyed(&server, &project, Method::DELETE, &a, "del-x", None)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(server.all_sequences(&project).await.len(), 1, "B untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patch_retried_after_its_answer_was_lost_is_applied_once() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 1).await;
    server.link_all(&project, &[("image_0.jpg", "A")]).await;
    let id = server.sequence_named(&project, "A").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    set_faults(
        &server,
        json!({"rules": [{"fault": "resetAfterCommit", "methods": ["PATCH"], "times": 1}]}),
    )
    .await;
    let patch = json!({"name": "B", "attributes": {"age": "20"}});
    let lost = keyed(
        &server,
        &project,
        Method::PATCH,
        &id,
        "patch-1",
        Some(&patch),
    )
    .await;
    assert!(lost.is_err(), "no answer: {lost:?}");
    let applied = server.sequence_named(&project, "B").await;
    assert_eq!(applied["attributes"]["items"], json!({"age": "20"}));

    // Changed since by someone else: the replay applies nothing and answers as the first time.
    let rename_back = json!({"name": "C", "attributes": null});
    let (status, _) = fetch(
        server
            .seq_req(&project, Method::PATCH, &id)
            .json(&rename_back),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let same = json!({"attributes": {"age": "20"}, "name": "B"});
    let (status, body, replayed) = keyed(
        &server,
        &project,
        Method::PATCH,
        &id,
        "patch-1",
        Some(&same),
    )
    .await
    .unwrap();
    assert_eq!((status, replayed), (StatusCode::OK, true));
    assert_eq!(body, applied, "the answer of the first application");
    assert_eq!(server.sequence_named(&project, "C").await["id"], id);
    // Another body under the key: 422; the same key on DELETE of this sequence: 422 too.
    let other = json!({"name": "D"});
    let (status, _, _) = keyed(
        &server,
        &project,
        Method::PATCH,
        &id,
        "patch-1",
        Some(&other),
    )
    .await
    .unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = keyed(&server, &project, Method::DELETE, &id, "patch-1", None)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A malformed body is a 400 even under a used key.
    let bad = json!({"name": 5});
    let (status, _, _) = keyed(&server, &project, Method::PATCH, &id, "patch-1", Some(&bad))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delay_slows_the_request_down() {
    let server = TestServer::start().await;
    let project = server.project().await;
    set_faults(
        &server,
        json!({"rules": [{"fault": "delay", "ms": 300, "times": 1}]}),
    )
    .await;
    let started = Instant::now();
    assert_eq!(
        list_status(&server, &project).await.unwrap(),
        StatusCode::OK
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(
        list_status(&server, &project).await.unwrap(),
        StatusCode::OK
    );
    assert!(started.elapsed() < Duration::from_millis(300));
}

async fn pattern(server: &TestServer, project: &Project, seed: u64) -> Vec<u16> {
    set_faults(
        server,
        json!({"seed": seed, "rules": [{"fault": "status", "status": 503, "rate": 0.5}]}),
    )
    .await;
    let mut out = Vec::new();
    for _ in 0..40 {
        out.push(list_status(server, project).await.unwrap().as_u16());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_faults() {
    let server = TestServer::start().await;
    let project = server.project().await;
    let first = pattern(&server, &project, 42).await;
    let again = pattern(&server, &project, 42).await;
    let other = pattern(&server, &project, 43).await;
    assert_eq!(first, again);
    assert_ne!(first, other);
    let faulted = first.iter().filter(|s| **s == 503).count();
    assert!((8..=32).contains(&faulted), "{faulted} of 40 at rate 0.5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_filter_by_project_and_method() {
    let server = TestServer::start().await;
    let a = server.project().await;
    let b = server.project().await;
    server.assets(&a, 1).await;
    set_faults(&server, json!({"rules": [{"fault": "status", "status": 500, "projectId": a.project_id, "methods": ["POST"]}]})).await;
    assert_eq!(
        list_status(&server, &a).await.unwrap(),
        StatusCode::OK,
        "GET is not filtered in"
    );
    let (status, _) = server.bulk_raw(&b, &json!({"actions": []})).await;
    assert_eq!(status, StatusCode::OK, "project B is not filtered in");
    let (status, _) = server
        .bulk_raw(&a, &json!({"actions": [link_to("image_0.jpg", "A")]}))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        server.all_sequences(&a).await.is_empty(),
        "a status fault answers before handling"
    );
    let (status, _) = fetch(server.raw(Method::DELETE, "/_emulator/faults")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let results = server.apply(&a, json!([link_to("image_0.jpg", "A")])).await;
    assert_eq!(results, strs(&["Ok"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_from_the_config_are_active_at_start_and_bad_specs_are_400() {
    let server = TestServer::start_with(|c| {
        c.faults = Some(nexus_emulator::FaultSpec::parse_compact("503:1", 0).unwrap());
    })
    .await;
    let project = server.project().await;
    assert_eq!(
        list_status(&server, &project).await.unwrap(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    for bad in [
        json!({"rules": [{"fault": "status", "status": 404}]}),
        json!({"rules": [{"fault": "status", "status": 503, "rate": 1.5}]}),
        json!({"rules": [{"fault": "explode"}]}),
    ] {
        let (status, body) = fetch(server.raw(Method::PUT, "/_emulator/faults").json(&bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body["code"], "BadRequestError");
    }
}
