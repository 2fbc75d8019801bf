//! The single-sequence endpoints, auth, errors, CORS, request ids and persistence, over HTTP.

mod common;

use common::{fetch, link, link_to, split, strs, Project, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;

async fn seeded(server: &TestServer) -> (Project, Value) {
    let project = server.project().await;
    server.assets(&project, 4).await;
    let results = server
        .apply(
            &project,
            json!([
                link("image_0.jpg", "A", Some(3), Some("Sagittal")),
                link("image_1.jpg", "A", Some(6), None)
            ]),
        )
        .await;
    assert_eq!(results, strs(&["Ok", "Ok"]));
    let seq = server.sequence_named(&project, "A").await;
    (project, seq)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_returns_the_full_sequence_shape() {
    let server = TestServer::start().await;
    let (project, listed) = seeded(&server).await;
    let id = listed["id"].as_str().unwrap();
    let (status, seq) = fetch(server.seq_req(&project, Method::GET, id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seq, listed);
    assert!(id.starts_with("seq_") && uuid_like(&id[4..]), "{id}");
    assert_eq!(seq["name"], "A");
    assert_eq!(seq["length"], 2);
    assert_eq!(seq["projectId"], project.project_id.as_str());
    assert_eq!(seq["items"][0]["ord"], 3);
    assert_eq!(seq["items"][0]["role"], "Sagittal");
    assert_eq!(seq["items"][1]["ord"], 6);
    assert_eq!(seq["items"][1]["role"], Value::Null);
    assert_eq!(seq["itemCountWithRole"], json!({"Sagittal": 1}));
    assert_eq!(
        seq["attributes"],
        json!({"bytesUsed": 0, "bytesTotal": 1048576, "items": {}})
    );
    assert!(seq["createDate"].as_i64().unwrap() > 1_600_000_000_000);
    assert!(seq["updateDate"].as_i64().unwrap() >= seq["createDate"].as_i64().unwrap());
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patch_renames_replaces_attributes_and_moves_update_date() {
    let server = TestServer::start().await;
    let (project, seq) = seeded(&server).await;
    let path = format!("/sequences/{}", seq["id"].as_str().unwrap());
    let before = seq["updateDate"].as_i64().unwrap();

    let patch = |body: Value| {
        server
            .req(&project, Method::PATCH, &path)
            .json(&body)
            .send()
    };
    let (status, after) = split(
        patch(json!({"name": "Patient A", "attributes": {"report0": "...", "report1": "..."}}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["name"], "Patient A");
    assert_eq!(after["attributes"]["bytesUsed"], 20);
    assert_eq!(
        after["attributes"]["items"],
        json!({"report0": "...", "report1": "..."})
    );
    assert!(after["updateDate"].as_i64().unwrap() > before);
    assert_eq!(after["createDate"], seq["createDate"]);

    // null leaves fields alone; an attributes map replaces the old one whole; multi-byte UTF-8.
    let (_, after2) = split(
        patch(json!({"name": null, "attributes": {"é": "日本"}}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(after2["name"], "Patient A");
    assert_eq!(after2["attributes"]["items"], json!({"é": "日本"}));
    assert_eq!(after2["attributes"]["bytesUsed"], 8);
    assert!(after2["updateDate"].as_i64().unwrap() > after["updateDate"].as_i64().unwrap());
    let (_, same) = split(
        patch(json!({"name": null, "attributes": null}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(same["attributes"]["items"], json!({"é": "日本"}));
    assert_eq!(
        same["updateDate"], after2["updateDate"],
        "a patch that changes nothing leaves updateDate"
    );

    // 400: non-string value names the key; over quota; 409 rename onto another name.
    let (status, err) = split(patch(json!({"attributes": {"age": 20}})).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["code"], "BadRequestError");
    assert_eq!(
        err["message"],
        "attributes.age: invalid type: integer `20`, expected a string"
    );
    let big = "x".repeat(1_048_576 - 1);
    let (status, err) = split(patch(json!({"attributes": {"k": big}})).await.unwrap()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "exactly at the quota is allowed: {err}"
    );
    let big = "x".repeat(1_048_576);
    let (status, err) = split(patch(json!({"attributes": {"k": big}})).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("attributes: 1048577 bytes exceed"),
        "{err}"
    );

    server.link_all(&project, &[("image_2.jpg", "B")]).await;
    let (status, err) = split(patch(json!({"name": "B"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["code"], "ConflictError");
    let (status, _) = split(patch(json!({"name": "Patient A"})).await.unwrap()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "renaming to its own name is not a conflict"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_unlinks_items_and_keeps_assets() {
    let server = TestServer::start().await;
    let (project, seq) = seeded(&server).await;
    let id = seq["id"].as_str().unwrap();
    let (status, body) = fetch(server.seq_req(&project, Method::DELETE, id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"deleted": true, "id": id}));
    let (status, body) = fetch(server.seq_req(&project, Method::GET, id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "ResourceNotFoundError");
    let (status, _) = fetch(server.seq_req(&project, Method::DELETE, id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The assets survive: they can be linked again.
    let results = server
        .apply(
            &project,
            json!([link_to("image_0.jpg", "C"), link_to("image_1.jpg", "C")]),
        )
        .await;
    assert_eq!(results, strs(&["Ok", "Ok"]));
    assert_eq!(server.sequence_named(&project, "C").await["length"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_and_project_isolation() {
    let server = TestServer::start().await;
    let (a, seq) = seeded(&server).await;
    let b = server.project().await;
    let seq_path = format!("/sequences/{}", seq["id"].as_str().unwrap());

    // 401 without a key, on every route.
    for (method, path) in [
        (Method::GET, "/sequences".to_string()),
        (Method::GET, seq_path.clone()),
        (Method::PATCH, seq_path.clone()),
        (Method::DELETE, seq_path.clone()),
        (Method::POST, "/sequencesBulkUpdates".to_string()),
    ] {
        let resp = server
            .raw(method.clone(), &format!("/projects/{}{path}", a.project_id))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let (status, body) = split(resp).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(body["code"], "UnauthorizedError");
    }

    // Key B on project A, an unknown key, and a project that does not exist: the same 403.
    let foreign = Project {
        project_id: a.project_id.clone(),
        secret_key: b.secret_key.clone(),
    };
    let unknown_key = Project {
        project_id: a.project_id.clone(),
        secret_key: "not-a-key-at-all".into(),
    };
    let no_project = Project {
        project_id: "proj_doesnotexist".into(),
        secret_key: a.secret_key.clone(),
    };
    let mut messages = HashSet::new();
    for who in [&foreign, &unknown_key, &no_project] {
        for (method, path, body) in [
            (Method::GET, "/sequences".to_string(), None),
            (Method::GET, seq_path.clone(), None),
            (
                Method::PATCH,
                seq_path.clone(),
                Some(json!({"name": "stolen"})),
            ),
            (Method::DELETE, seq_path.clone(), None),
            (
                Method::POST,
                "/sequencesBulkUpdates".to_string(),
                Some(json!({"actions": [{"kind": "RemoveSequence", "sequenceName": "A"}]})),
            ),
        ] {
            let mut req = server.req(who, method.clone(), &path);
            if let Some(body) = body {
                req = req.json(&body);
            }
            let (status, body) = fetch(req).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path} as {who:?}");
            assert_eq!(body["code"], "ForbiddenError");
            let message = body["message"].as_str().unwrap().to_string();
            assert!(
                !message.contains(&who.secret_key),
                "the key is never echoed"
            );
            messages.insert(message);
        }
    }
    assert_eq!(
        messages.len(),
        1,
        "one message for every cause: {messages:?}"
    );
    // A was untouched by all of that.
    let (status, still) = fetch(server.req(&a, Method::GET, &seq_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(still["name"], "A");

    // A key shared by two projects of one workspace opens both.
    let sibling = server.project_with_key(Some(&a.secret_key)).await;
    assert_eq!(sibling.secret_key, a.secret_key);
    let (status, _) = fetch(server.req(&sibling, Method::GET, "/sequences")).await;
    assert_eq!(status, StatusCode::OK);
    // Sequence of A is not visible through the sibling project.
    let (status, _) = fetch(server.req(&sibling, Method::GET, &seq_path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Sends a request, checks that its response carries a request id not seen before (recorded in
/// `ids`), and returns status and JSON body.
async fn send_checked(
    req: reqwest::RequestBuilder,
    ids: &mut HashSet<String>,
) -> (StatusCode, Value) {
    let resp = req.send().await.unwrap();
    let id = resp
        .headers()
        .get("x-request-id")
        .expect("X-Request-Id on every response")
        .to_str()
        .unwrap()
        .to_string();
    assert!(ids.insert(id), "request ids are unique");
    split(resp).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_errors_are_json_with_request_ids() {
    let server = TestServer::start().await;
    let (project, seq) = seeded(&server).await;
    let seq_path = format!("/sequences/{}", seq["id"].as_str().unwrap());
    let mut ids = HashSet::new();

    // 404 unknown path, 405 wrong method: JSON bodies.
    let (status, body) = send_checked(server.raw(Method::GET, "/nowhere"), &mut ids).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("ResourceNotFoundError"))
    );
    let (status, body) =
        send_checked(server.req(&project, Method::PUT, "/sequences"), &mut ids).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            Some("MethodNotAllowedError")
        )
    );

    // 400: wrong content type, invalid JSON, both as our JSON errors.
    let (status, body) = send_checked(
        server
            .req(&project, Method::PATCH, &seq_path)
            .header("content-type", "text/plain")
            .body("{}"),
        &mut ids,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("BadRequestError"))
    );
    assert_eq!(
        body["message"],
        "Content-Type header: expected application/json"
    );
    let (status, body) = send_checked(
        server
            .req(&project, Method::POST, "/sequencesBulkUpdates")
            .header("content-type", "application/json")
            .body("{\"actions\": ["),
        &mut ids,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("body: invalid JSON"),
        "{body}"
    );

    // 413 over 32 MiB, as JSON.
    let huge = format!(
        "{{\"actions\": [], \"pad\": \"{}\"}}",
        "x".repeat(32 * 1024 * 1024)
    );
    let (status, body) = send_checked(
        server
            .req(&project, Method::POST, "/sequencesBulkUpdates")
            .header("content-type", "application/json")
            .body(huge),
        &mut ids,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("PayloadTooLargeError"))
    );

    // 404 unknown sequence; 401; admin; every one carries an id.
    let (status, _) = send_checked(
        server.req(&project, Method::GET, "/sequences/seq_nope"),
        &mut ids,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    send_checked(
        server.raw(
            Method::GET,
            &format!("/projects/{}/sequences", project.project_id),
        ),
        &mut ids,
    )
    .await;
    let (status, body) = send_checked(server.raw(Method::GET, "/_emulator/health"), &mut ids).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_preflight_and_headers() {
    let server = TestServer::start().await;
    let project = server.project().await;
    let resp = server
        .raw(
            Method::OPTIONS,
            &format!("/projects/{}/sequencesBulkUpdates", project.project_id),
        )
        .header("Origin", "http://example.test")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "secret-key, content-type, idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::NO_CONTENT,
        "no key needed for a preflight"
    );
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let methods = h["access-control-allow-methods"].to_str().unwrap();
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["secret-key", "content-type", "idempotency-key"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(h.contains_key("x-request-id"));

    let resp = server
        .req(&project, Method::GET, "/sequences")
        .header("Origin", "http://example.test")
        .send()
        .await
        .unwrap();
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let exposed = h["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["x-request-id", "retry-after", "idempotent-replayed"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    // Errors carry CORS headers too, so a browser can read them.
    let resp = server
        .raw(
            Method::GET,
            &format!("/projects/{}/sequences", project.project_id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_survives_a_restart_on_the_same_file() {
    let server = TestServer::start().await;
    let (project, seq) = seeded(&server).await;
    let path = server.db_path.clone().unwrap();
    let dir = server.stop().await;
    let mut config = nexus_emulator::Config::ephemeral();
    config.db = nexus_emulator::DbLocation::File(path);
    let again = TestServer::launch(config).await;
    let (status, body) = fetch(again.req(
        &project,
        Method::GET,
        &format!("/sequences/{}", seq["id"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, seq);
    drop(dir);
}
