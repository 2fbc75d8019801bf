//! The `/_emulator/` admin API: projects, assets, fast seeding, request counts and reset.

mod common;

use common::{fetch, Project, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn admin(
    server: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = server.raw(method, &format!("/_emulator{path}"));
    if let Some(body) = body {
        req = req.json(&body);
    }
    fetch(req).await
}

async fn create_project(server: &TestServer, body: Value) -> (StatusCode, Value) {
    admin(server, Method::POST, "/projects", Some(body)).await
}

/// The status of listing a project's sequences with that project's key.
async fn list_status(server: &TestServer, project: &Project) -> StatusCode {
    let (status, _) = fetch(server.req(project, Method::GET, "/sequences")).await;
    status
}

fn hex(s: &str, len: usize) -> bool {
    s.len() == len && s.chars().all(|c| c.is_ascii_hexdigit())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_keys_and_workspaces() {
    let server = TestServer::start().await;
    let (status, body) = create_project(&server, json!({})).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = body["projectId"].as_str().unwrap();
    assert!(id.starts_with("proj_") && hex(&id[5..], 32), "{id}");
    assert!(hex(body["secretKey"].as_str().unwrap(), 64));

    let (status, named) = create_project(
        &server,
        json!({"projectId": "proj_mine", "secretKey": "my-key"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        named,
        json!({"projectId": "proj_mine", "secretKey": "my-key"})
    );
    let (status, _) = create_project(&server, json!({"projectId": "proj_mine"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = create_project(&server, json!({"projectId": "bad/id"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = create_project(&server, json!({"projectid": "typo"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The same key joins its workspace: it opens both projects; the first key does not.
    let (_, sibling) = create_project(&server, json!({"secretKey": "my-key"})).await;
    let mine = Project {
        project_id: "proj_mine".into(),
        secret_key: "my-key".into(),
    };
    let sib = Project {
        project_id: sibling["projectId"].as_str().unwrap().into(),
        secret_key: "my-key".into(),
    };
    let stranger = Project {
        project_id: "proj_mine".into(),
        secret_key: body["secretKey"].as_str().unwrap().into(),
    };
    assert_eq!(list_status(&server, &mine).await, StatusCode::OK);
    assert_eq!(list_status(&server, &sib).await, StatusCode::OK);
    assert_eq!(list_status(&server, &stranger).await, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_and_fast_seeding() {
    let server = TestServer::start().await;
    let project = server.project().await;
    let path = format!("/projects/{}/assets", project.project_id);
    let fixed = "asset_11111111-2222-4333-8444-555555555555";
    let (status, body) = admin(
        &server,
        Method::POST,
        &path,
        Some(json!({"assets": [{"filename": "a.jpg", "assetId": fixed}, {"filename": "b.jpg"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["assets"][0],
        json!({"assetId": fixed, "filename": "a.jpg"})
    );
    assert!(body["assets"][1]["assetId"]
        .as_str()
        .unwrap()
        .starts_with("asset_"));
    let (status, body) = admin(
        &server,
        Method::POST,
        &path,
        Some(json!({"count": 3, "filenamePrefix": "img_"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let names: Vec<&str> = body["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["filename"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["img_0.jpg", "img_1.jpg", "img_2.jpg"]);
    let (status, _) = admin(
        &server,
        Method::POST,
        &path,
        Some(json!({"assets": [{"filename": "a.jpg"}]})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "filenames are unique per project"
    );
    let (status, _) = admin(
        &server,
        Method::POST,
        "/projects/proj_nope/assets",
        Some(json!({"count": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The fixed id is usable in a Link.
    let results = server
        .apply(
            &project,
            json!([{"kind": "Link", "assetId": fixed, "sequence": {"name": "A"}}]),
        )
        .await;
    assert_eq!(results, ["Ok"]);

    let (status, body) = admin(
        &server,
        Method::POST,
        &format!("/projects/{}/sequences", project.project_id),
        Some(json!({"count": 4, "itemsPerSequence": 3, "namePrefix": "bench-"})),
    )
    .await;
    assert_eq!((status, body), (StatusCode::CREATED, json!({"created": 4})));
    let seq = server.sequence_named(&project, "bench-3").await;
    assert_eq!(seq["length"], 3);
    let ords: Vec<i64> = seq["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ord"].as_i64().unwrap())
        .collect();
    assert_eq!(ords, [0, 1, 2]);
    assert_eq!(server.all_sequences(&project).await.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_counts_by_route_and_project() {
    let server = TestServer::start().await;
    let a = server.project().await;
    let b = server.project().await;
    let _ = server
        .req(&a, Method::GET, "/sequences")
        .send()
        .await
        .unwrap();
    let _ = server
        .req(&a, Method::GET, "/sequences")
        .send()
        .await
        .unwrap();
    let _ = server
        .raw(
            Method::GET,
            &format!("/projects/{}/sequences", a.project_id),
        )
        .send()
        .await
        .unwrap(); // 401 counts too
    let _ = server
        .req(&a, Method::GET, "/sequences/seq_x")
        .send()
        .await
        .unwrap();
    let _ = server
        .raw(
            Method::OPTIONS,
            &format!("/projects/{}/sequencesBulkUpdates", a.project_id),
        )
        .send()
        .await
        .unwrap();
    server.link_all(&b, &[("nope.jpg", "A")]).await;
    let _ = server.raw(Method::GET, "/elsewhere").send().await.unwrap();

    let (status, all) = admin(&server, Method::GET, "/requests", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        all,
        json!({"total": 7, "routes": {
            "GET /projects/{projectId}/sequences": 3,
            "GET /projects/{projectId}/sequences/{sequenceId}": 1,
            "OPTIONS /projects/{projectId}/sequencesBulkUpdates": 1,
            "POST /projects/{projectId}/sequencesBulkUpdates": 1,
            "GET other": 1
        }}),
        "admin calls (project creation, this read) are not counted"
    );
    let (_, only_b) = admin(
        &server,
        Method::GET,
        &format!("/requests?projectId={}", b.project_id),
        None,
    )
    .await;
    assert_eq!(
        only_b,
        json!({"total": 1, "routes": {"POST /projects/{projectId}/sequencesBulkUpdates": 1}})
    );
    let (status, _) = admin(&server, Method::DELETE, "/requests", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, zero) = admin(&server, Method::GET, "/requests", None).await;
    assert_eq!(zero, json!({"total": 0, "routes": {}}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_wipes_everything() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 1).await;
    server.link_all(&project, &[("image_0.jpg", "A")]).await;
    admin(
        &server,
        Method::PUT,
        "/faults",
        Some(json!({"rules": [{"fault": "status", "status": 503, "rate": 0.0}]})),
    )
    .await;
    let (status, body) = admin(&server, Method::POST, "/reset", None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert_eq!(list_status(&server, &project).await, StatusCode::FORBIDDEN);
    let (_, faults) = admin(&server, Method::GET, "/faults", None).await;
    assert_eq!(faults["rules"], json!([]));
    let (_, counts) = admin(&server, Method::GET, "/requests", None).await;
    assert_eq!(counts["total"], 1, "only the request after the reset");
    // The same ids can be created again.
    let (status, _) = create_project(
        &server,
        json!({"projectId": project.project_id, "secretKey": project.secret_key}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(server.all_sequences(&project).await.is_empty());
}
